/// The order in which an epoch visits the training windows.
public enum ShuffleOrder: String, CaseIterable, Codable, Sendable {
    /// A new random permutation every epoch (PyTorch's `DataLoader(shuffle=True)`; Keras without a
    /// global seed). The default.
    case eachEpoch = "each-epoch"
    /// One random permutation, drawn in the first epoch and repeated in every epoch: what Keras 3's
    /// `fit(shuffle=True)` does on the TensorFlow backend after `keras.utils.set_random_seed`, whose
    /// `tf.data` pipeline redraws the same permutation each time an epoch re-iterates it
    /// (tensorflow/tensorflow#35682).
    case once
    /// No shuffling: every epoch visits the windows in time order, oldest first.
    case none
}
