#!/usr/bin/env python3
"""Reference fixtures for the recurrent layers of ForecastNN and the Adam step of ForecastTraining.

For every case below this script builds the same small regressor twice, once in Keras 3 (TensorFlow
backend) and once in PyTorch, with the same random weights, and writes one JSON file per case:

* the weights in Keras' ``model.get_weights()`` order and layout,
* the input ``[batch, time, features]``, the target ``[batch, horizon]``,
* the output of both frameworks, the MSE loss, the gradient of the loss with respect to every weight
  (Keras ``tf.GradientTape``, and PyTorch autograd mapped back to Keras' layout),
* five steps of Keras' Adam (optionally with ``global_clipnorm``): the loss and gradient before each
  step and the weights after steps 1 and 5.

The script checks itself: Keras' and PyTorch's outputs must agree to 1e-5 and their gradients to
1e-4 (relative, with a small absolute floor), and an independent numpy transcription of Adam must
reproduce Keras' weights after every step. Any mismatch stops the script before a file is written.

``Scripts/reference/README.md`` describes the file format, the cases and the weight mapping. Run (from the package root, in the venv of requirements-rnn.txt):

    python3 Scripts/reference/make_rnn_fixtures.py [--out DIR] [--staging DIR]

Running it twice writes byte-identical files.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
from pathlib import Path

# Quiet, CPU-only, single-threaded, deterministic: set before TensorFlow is imported.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("PYTHONHASHSEED", "0")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402
import torch  # noqa: E402

tf.config.threading.set_inter_op_parallelism_threads(1)
tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.experimental.enable_op_determinism()
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = PACKAGE_ROOT / "Tests" / "ForecastNNTests" / "Fixtures"
COMMAND = "python3 Scripts/reference/make_rnn_fixtures.py"

BATCH, TIME, FEATURES, HORIZON = 3, 5, 2, 2
ADAM = {"learning_rate": 0.01, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7}
ADAM_STEPS = 5

# Tolerances of the Keras <-> PyTorch cross-check (float32 on both sides).
OUTPUT_RTOL, OUTPUT_ATOL = 1e-5, 1e-6
GRADIENT_RTOL, GRADIENT_ATOL = 1e-4, 1e-6
# Tolerance of the numpy Adam transcription against Keras' weights (numpy runs in float64).
ADAM_RTOL, ADAM_ATOL = 1e-5, 1e-6

# ----------------------------------------------------------------------------------------------
# Cases
# ----------------------------------------------------------------------------------------------


def rnn(kind, units, return_sequences=False, **extra):
    return {"type": kind, "units": units, "return_sequences": return_sequences, **extra}


def dense(units):
    return {"type": "dense", "units": units}


# name -> (layers, seed, target scale, global_clipnorm)
CASES = {
    "simple_rnn": ([rnn("simple_rnn", 4), dense(HORIZON)], 101, 1.0, None),
    "lstm": ([rnn("lstm", 4), dense(HORIZON)], 102, 1.0, None),
    "gru_reset_after": ([rnn("gru", 4, reset_after=True), dense(HORIZON)], 103, 1.0, None),
    "gru_reset_before": ([rnn("gru", 4, reset_after=False), dense(HORIZON)], 104, 1.0, None),
    "lstm_stacked": ([rnn("lstm", 4, True), rnn("lstm", 3), dense(HORIZON)], 105, 1.0, None),
    "gru_stacked": (
        [rnn("gru", 4, True, reset_after=True), rnn("gru", 3, reset_after=True), dense(HORIZON)],
        106, 1.0, None,
    ),
    "simple_rnn_stacked": (
        [rnn("simple_rnn", 4, True), rnn("simple_rnn", 3), dense(HORIZON)], 107, 1.0, None,
    ),
    # As `lstm` (same seed, so the same weights and input) but with targets 20 times larger, so the
    # gradient's global norm stays above 1.0 for all five steps and clipping is active at each.
    "lstm_clipnorm": ([rnn("lstm", 4), dense(HORIZON)], 102, 20.0, 1.0),
}

# ----------------------------------------------------------------------------------------------
# Keras
# ----------------------------------------------------------------------------------------------


def weight_specs(layers, features):
    """(layer index, name, shape) in Keras' get_weights() order."""
    specs = []
    width = features
    for index, layer in enumerate(layers):
        units = layer["units"]
        if layer["type"] == "dense":
            specs += [(index, "kernel", (width, units)), (index, "bias", (units,))]
        else:
            gates = {"simple_rnn": 1, "lstm": 4, "gru": 3}[layer["type"]]
            bias_shape = (gates * units,)
            if layer["type"] == "gru" and layer.get("reset_after", True):
                bias_shape = (2, gates * units)
            specs += [
                (index, "kernel", (width, gates * units)),
                (index, "recurrent_kernel", (units, gates * units)),
                (index, "bias", bias_shape),
            ]
        width = units
    return specs


def keras_model(layers):
    stack = [keras.Input(shape=(TIME, FEATURES))]
    for layer in layers:
        kind, units = layer["type"], layer["units"]
        if kind == "dense":
            stack.append(keras.layers.Dense(units))
        elif kind == "simple_rnn":
            stack.append(keras.layers.SimpleRNN(units, return_sequences=layer["return_sequences"]))
        elif kind == "lstm":
            stack.append(keras.layers.LSTM(units, return_sequences=layer["return_sequences"]))
        elif kind == "gru":
            stack.append(
                keras.layers.GRU(
                    units,
                    return_sequences=layer["return_sequences"],
                    reset_after=layer.get("reset_after", True),
                )
            )
        else:
            raise ValueError(f"unknown layer type {kind}")
    return keras.Sequential(stack)


def keras_loss_and_gradients(model, x, y):
    loss_fn = keras.losses.MeanSquaredError()
    with tf.GradientTape() as tape:
        output = model(x, training=True)
        loss = loss_fn(y, output)
    grads = tape.gradient(loss, model.trainable_variables)
    return output.numpy(), float(loss.numpy()), [g.numpy() for g in grads]


# ----------------------------------------------------------------------------------------------
# PyTorch
# ----------------------------------------------------------------------------------------------

# Keras GRU gate blocks are (z, r, h); PyTorch's are (r, z, n). torch block b = keras block GRU_PERM[b].
GRU_PERM = [1, 0, 2]


def permute_blocks(matrix, units, perm):
    """Reorders the gate blocks along the last axis: block b of the result is block perm[b]."""
    return np.concatenate([matrix[..., p * units:(p + 1) * units] for p in perm], axis=-1)


def inverse(perm):
    out = [0] * len(perm)
    for i, p in enumerate(perm):
        out[p] = i
    return out


class TorchRegressor(torch.nn.Module):
    """The Keras model in PyTorch: RNN layers (batch_first, tanh), Linear head on the last step."""

    def __init__(self, layers):
        super().__init__()
        self.specs = layers
        modules = []
        width = FEATURES
        for layer in layers[:-1]:
            kind, units = layer["type"], layer["units"]
            if kind == "simple_rnn":
                modules.append(torch.nn.RNN(width, units, batch_first=True, nonlinearity="tanh"))
            elif kind == "lstm":
                modules.append(torch.nn.LSTM(width, units, batch_first=True))
            elif kind == "gru":
                assert layer.get("reset_after", True), "PyTorch's GRU is Keras' reset_after=True"
                modules.append(torch.nn.GRU(width, units, batch_first=True))
            else:
                raise ValueError(kind)
            width = units
        self.rnns = torch.nn.ModuleList(modules)
        assert layers[-1]["type"] == "dense"
        self.head = torch.nn.Linear(width, layers[-1]["units"])

    def forward(self, x):
        for module in self.rnns:
            x, _ = module(x)
        return self.head(x[:, -1, :])

    def load_keras(self, weights):
        """Copies Keras weights (get_weights() order) in, with transposes and gate remapping."""
        it = iter(weights)
        with torch.no_grad():
            for layer, module in zip(self.specs[:-1], self.rnns):
                kernel, recurrent, bias = next(it), next(it), next(it)
                units = layer["units"]
                if layer["type"] == "gru":
                    kernel = permute_blocks(kernel, units, GRU_PERM)
                    recurrent = permute_blocks(recurrent, units, GRU_PERM)
                    bias = permute_blocks(bias, units, GRU_PERM)
                    bias_ih, bias_hh = bias[0], bias[1]
                else:
                    # LSTM gate order i, f, g, o is Keras' i, f, c, o; SimpleRNN has one block.
                    bias_ih, bias_hh = bias, np.zeros_like(bias)
                module.weight_ih_l0.copy_(torch.from_numpy(np.ascontiguousarray(kernel.T)))
                module.weight_hh_l0.copy_(torch.from_numpy(np.ascontiguousarray(recurrent.T)))
                module.bias_ih_l0.copy_(torch.from_numpy(np.ascontiguousarray(bias_ih)))
                module.bias_hh_l0.copy_(torch.from_numpy(np.ascontiguousarray(bias_hh)))
            kernel, bias = next(it), next(it)
            self.head.weight.copy_(torch.from_numpy(np.ascontiguousarray(kernel.T)))
            self.head.bias.copy_(torch.from_numpy(np.ascontiguousarray(bias)))
            assert next(it, None) is None

    def keras_layout_gradients(self):
        """Gradients of the parameters, mapped back to Keras' get_weights() order and layout."""
        grads = []
        for layer, module in zip(self.specs[:-1], self.rnns):
            units = layer["units"]
            kernel = module.weight_ih_l0.grad.numpy().T
            recurrent = module.weight_hh_l0.grad.numpy().T
            bias_ih = module.bias_ih_l0.grad.numpy()
            bias_hh = module.bias_hh_l0.grad.numpy()
            if layer["type"] == "gru":
                back = inverse(GRU_PERM)
                kernel = permute_blocks(kernel, units, back)
                recurrent = permute_blocks(recurrent, units, back)
                bias = permute_blocks(np.stack([bias_ih, bias_hh]), units, back)
            else:
                # Keras has one bias where PyTorch has two that enter the sum alike: equal gradients.
                np.testing.assert_allclose(bias_ih, bias_hh, rtol=1e-6, atol=1e-7)
                bias = bias_ih
            grads += [kernel, recurrent, bias]
        grads += [self.head.weight.grad.numpy().T, self.head.bias.grad.numpy()]
        return [np.ascontiguousarray(g, dtype=np.float32) for g in grads]


def torch_output_and_gradients(layers, weights, x, y):
    model = TorchRegressor(layers)
    model.load_keras(weights)
    output = model(torch.from_numpy(x))
    loss = torch.nn.functional.mse_loss(output, torch.from_numpy(y))
    model.zero_grad()
    loss.backward()
    return output.detach().numpy(), float(loss.detach()), model.keras_layout_gradients()


# ----------------------------------------------------------------------------------------------
# Checks
# ----------------------------------------------------------------------------------------------


def assert_close(what, actual, expected, rtol, atol):
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != {expected.shape}"
    error = np.abs(actual - expected)
    bound = atol + rtol * np.maximum(np.abs(actual), np.abs(expected))
    if not np.all(error <= bound):
        worst = int(np.argmax(error - bound))
        raise AssertionError(
            f"{what}: mismatch at flat index {worst}: {actual.ravel()[worst]!r} vs "
            f"{expected.ravel()[worst]!r} (max abs error {error.max():.3g}, rtol {rtol}, atol {atol})"
        )


def numpy_adam(weights, step_gradients, clipnorm):
    """Keras 3's Adam, transcribed in float64, applied to Keras' own gradients at each step.

    Per step t (1-based): optionally g <- g * clipnorm / max(global_norm(g), clipnorm); then
    m <- m + (g - m)(1 - b1); v <- v + (g^2 - v)(1 - b2);
    w <- w - lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps).
    """
    lr, b1, b2, eps = (ADAM[k] for k in ("learning_rate", "beta_1", "beta_2", "epsilon"))
    w = [np.asarray(a, dtype=np.float64) for a in weights]
    m = [np.zeros_like(a) for a in w]
    v = [np.zeros_like(a) for a in w]
    after = []
    for t, grads in enumerate(step_gradients, start=1):
        g = [np.asarray(a, dtype=np.float64) for a in grads]
        if clipnorm is not None:
            norm = math.sqrt(sum(float(np.sum(a * a)) for a in g))
            g = [a * (clipnorm / max(norm, clipnorm)) for a in g]
        alpha = lr * math.sqrt(1 - b2**t) / (1 - b1**t)
        for i in range(len(w)):
            m[i] += (g[i] - m[i]) * (1 - b1)
            v[i] += (g[i] * g[i] - v[i]) * (1 - b2)
            w[i] = w[i] - alpha * m[i] / (np.sqrt(v[i]) + eps)
        after.append([a.copy() for a in w])
    return after


def global_norm(grads):
    return math.sqrt(sum(float(np.sum(np.asarray(a, dtype=np.float64) ** 2)) for a in grads))


# ----------------------------------------------------------------------------------------------
# One case
# ----------------------------------------------------------------------------------------------


def make_case(name, layers, seed, target_scale, clipnorm, versions):
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    specs = weight_specs(layers, FEATURES)
    weights = [rng.uniform(-0.5, 0.5, size=shape).astype(np.float32) for _, _, shape in specs]
    x = rng.uniform(-1.0, 1.0, size=(BATCH, TIME, FEATURES)).astype(np.float32)
    y = (target_scale * rng.uniform(-1.0, 1.0, size=(BATCH, HORIZON))).astype(np.float32)

    model = keras_model(layers)
    assert [tuple(w.shape) for w in model.get_weights()] == [s for _, _, s in specs], (
        f"{name}: Keras weight shapes {[w.shape for w in model.get_weights()]} != {specs}"
    )
    model.set_weights(weights)
    variable_names = [v.name for v in model.trainable_variables]
    assert variable_names == [n for _, n, _ in specs], f"{name}: {variable_names}"
    assert len(model.trainable_variables) == len(model.weights)

    output, loss, grads = keras_loss_and_gradients(model, x, y)
    mse = float(np.mean((output.astype(np.float64) - y.astype(np.float64)) ** 2))
    assert_close(f"{name}: loss vs mean squared error", loss, mse, 1e-6, 0.0)

    torch_fields = {"torch_output": None, "torch_loss": None, "torch_gradients": None}
    is_torch_case = all(l.get("reset_after", True) for l in layers)
    if is_torch_case:
        t_output, t_loss, t_grads = torch_output_and_gradients(layers, weights, x, y)
        assert_close(f"{name}: torch output", t_output, output, OUTPUT_RTOL, OUTPUT_ATOL)
        assert_close(f"{name}: torch loss", t_loss, loss, OUTPUT_RTOL, OUTPUT_ATOL)
        for (layer, wname, _), tg, kg in zip(specs, t_grads, grads):
            assert_close(
                f"{name}: torch gradient of layer {layer} {wname}", tg, kg, GRADIENT_RTOL, GRADIENT_ATOL
            )
        torch_fields = {"torch_output": t_output, "torch_loss": t_loss, "torch_gradients": t_grads}

    # Five Adam steps on a fresh model with the same weights.
    model = keras_model(layers)
    model.set_weights(weights)
    optimizer = keras.optimizers.Adam(**ADAM, global_clipnorm=clipnorm)
    step_gradients, losses, norms, after = [], [], [], []
    for _ in range(ADAM_STEPS):
        _, step_loss, step_grads = keras_loss_and_gradients(model, x, y)
        step_gradients.append(step_grads)
        losses.append(step_loss)
        norms.append(global_norm(step_grads))
        optimizer.apply_gradients(zip([tf.constant(g) for g in step_grads], model.trainable_variables))
        after.append([w.copy() for w in model.get_weights()])
    assert_close(f"{name}: step 1 gradient vs first gradient", np.concatenate(
        [g.ravel() for g in step_gradients[0]]), np.concatenate([g.ravel() for g in grads]), 0, 0)
    reference = numpy_adam(weights, step_gradients, clipnorm)
    for t in range(ADAM_STEPS):
        for (layer, wname, _), keras_w, numpy_w in zip(specs, after[t], reference[t]):
            assert_close(
                f"{name}: Adam step {t + 1}, layer {layer} {wname}: Keras vs numpy transcription",
                keras_w, numpy_w, ADAM_RTOL, ADAM_ATOL,
            )
    if clipnorm is not None:
        assert min(norms) > clipnorm, f"{name}: clipping inactive at some step (norms {norms})"

    def structure(arrays):
        return [
            {"layer": layer, "name": wname, "shape": list(shape), "values": np.asarray(a).ravel()}
            for (layer, wname, shape), a in zip(specs, arrays)
        ]

    torch_gradients = torch_fields["torch_gradients"]
    return {
        "generated_by": f"{COMMAND} ({versions})",
        "case": name,
        "layers": layers,
        "batch": BATCH,
        "time": TIME,
        "features": FEATURES,
        "horizon": HORIZON,
        "dtype": "float32",
        "seed": seed,
        "target_scale": target_scale,
        "weights": structure(weights),
        "input": x.ravel(),
        "target": y.ravel(),
        "keras_output": output.ravel(),
        "torch_output": None if torch_fields["torch_output"] is None else torch_fields["torch_output"].ravel(),
        "loss": loss,
        "torch_loss": torch_fields["torch_loss"],
        "gradients": structure(grads),
        "torch_gradients": None if torch_gradients is None else structure(torch_gradients),
        "adam": {
            **ADAM,
            "global_clipnorm": clipnorm,
            "step_gradients": [structure(g) for g in step_gradients],
            "step_gradient_global_norms": norms,
            "losses": losses,
            "weights_after_1": structure(after[0]),
            "weights_after_5": structure(after[-1]),
        },
    }


# ----------------------------------------------------------------------------------------------
# JSON with %.9g floats
# ----------------------------------------------------------------------------------------------


def number(value):
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"non-finite value {value} cannot be written to JSON")
    return "%.9g" % value


def is_scalar(value):
    return value is None or isinstance(value, (bool, int, float, str, np.generic))


def scalar(value):
    if value is None:
        return "null"
    if isinstance(value, str):
        import json

        return json.dumps(value)
    return number(value)


def to_json(value, indent=0):
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if is_scalar(value):
        return scalar(value)
    if isinstance(value, dict):
        # Small objects whose members are all scalars or flat lists stay on one line.
        if all(k != "values" for k in value) and all(
            is_scalar(v) for v in value.values()
        ):
            return "{" + ", ".join(f'"{k}": {scalar(v)}' for k, v in value.items()) + "}"
        if "values" in value and all(is_scalar(v) or k in ("shape", "values") for k, v in value.items()):
            return "{" + ", ".join(f'"{k}": {to_json(v, indent + 1)}' for k, v in value.items()) + "}"
        body = ",\n".join(f'{inner}"{k}": {to_json(v, indent + 1)}' for k, v in value.items())
        return "{\n" + body + "\n" + pad + "}"
    if isinstance(value, (list, tuple)):
        if all(is_scalar(v) for v in value):
            return "[" + ", ".join(scalar(v) for v in value) + "]"
        body = ",\n".join(inner + to_json(v, indent + 1) for v in value)
        return "[\n" + body + "\n" + pad + "]"
    raise TypeError(f"cannot write {type(value)}")


# ----------------------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="directory for the JSON files")
    parser.add_argument(
        "--staging", type=Path, default=None, help="also copy every file into this directory"
    )
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated subset of cases")
    args = parser.parse_args(argv)

    versions = f"keras {keras.__version__}, tensorflow {tf.__version__}, torch {torch.__version__}"
    args.out.mkdir(parents=True, exist_ok=True)
    if args.staging:
        args.staging.mkdir(parents=True, exist_ok=True)
    for name in args.cases.split(","):
        layers, seed, target_scale, clipnorm = CASES[name]
        fixture = make_case(name, layers, seed, target_scale, clipnorm, versions)
        path = args.out / f"{name}.json"
        path.write_text(to_json(fixture) + "\n")
        if args.staging:
            shutil.copyfile(path, args.staging / path.name)
        print(f"{path}: loss {fixture['loss']:.6g}, adam losses "
              + " ".join(f"{l:.4g}" for l in fixture["adam"]["losses"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
