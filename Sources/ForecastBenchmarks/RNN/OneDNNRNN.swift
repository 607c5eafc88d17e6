// forecast-bench-rnn --onednn-rnn: oneDNN's fused LSTM primitives (dnnl_lstm_forward/backward) against
// forecast's own layers on the stacks of configs A and B, one thread, in one process.
//
// Measured for each config: prediction (forward inference of the 2-layer stack, 256 windows per call as
// Network.predict chunks them) and one training step's forward + backward (a batch of the
// config's size), both as windows/s. oneDNN gets its best case: weights in the layout it picks
// (`format_tag_any`), never reordered inside the timing (in training they would have to be reordered
// after every Adam step, and gradients back), states zero, the Dense head left out. The weight values are
// arbitrary: only speed is compared.
internal import CDNNL
import ForecastCore
import ForecastKernels
import ForecastNN

private func check(_ s: dnnl_status_t, _ what: String) {
    if s != dnnl_success { fail("oneDNN \(what): status \(s.rawValue)") }
}

/// A memory object over our own allocation (DNNL_MEMORY_ALLOCATE is not importable), filled with small values.
private final class DNNLMemory {
    let memory: dnnl_memory_t
    let data: UnsafeMutableRawPointer

    init(_ md: UnsafePointer<dnnl_memory_desc_t>, engine: dnnl_engine_t, fill value: Float = 0.01) {
        let bytes = max(4, dnnl_memory_desc_get_size(md))
        data = .allocate(byteCount: bytes, alignment: 64)
        let floats = data.bindMemory(to: Float.self, capacity: bytes / 4)
        for i in 0..<(bytes / 4) { floats[i] = value * Float(i % 7 - 3) }
        var m: dnnl_memory_t?
        check(dnnl_memory_create(&m, md, engine, data), "memory_create")
        memory = m!
    }

    deinit {
        dnnl_memory_destroy(memory)
        data.deallocate()
    }
}

private func md(_ dims: [Int64], _ tag: dnnl_format_tag_t) -> dnnl_memory_desc_t {
    var d = dnnl_memory_desc_t()
    var ds = dims
    check(dnnl_memory_desc_init_by_tag(&d, Int32(dims.count), &ds, dnnl_f32, tag), "memory_desc_init")
    return d
}

/// One unidirectional LSTM layer as oneDNN primitives: inference, training forward and backward.
private final class DNNLLSTMLayer {
    let engine: dnnl_engine_t
    var inference: dnnl_primitive_t?, trainingForward: dnnl_primitive_t?, backward: dnnl_primitive_t?
    var inferenceArgs: [DNNLMemory] = [], trainingArgs: [DNNLMemory] = [], backwardArgs: [DNNLMemory] = []
    var inferenceKeys: [Int32] = [], trainingKeys: [Int32] = [], backwardKeys: [Int32] = []

    init(engine: dnnl_engine_t, time T: Int, batch N: Int, input C: Int, units H: Int, inferenceBatch NI: Int) {
        self.engine = engine
        let (t, n, c, h, ni) = (Int64(T), Int64(N), Int64(C), Int64(H), Int64(NI))
        // Inference at NI windows.
        do {
            var src = md([t, ni, c], dnnl_tnc), dst = md([t, ni, h], dnnl_tnc)
            var wl = md([1, 1, c, 4, h], dnnl_format_tag_any), wi = md([1, 1, h, 4, h], dnnl_format_tag_any)
            var bias = md([1, 1, 4, h], dnnl_ldgo)
            var desc = dnnl_rnn_desc_t()
            check(dnnl_lstm_forward_desc_init(&desc, dnnl_forward_inference, dnnl_unidirectional_left2right, &src, nil, nil,
                                              &wl, &wi, &bias, &dst, nil, nil, 0), "lstm_forward_desc_init (inference)")
            var pd: dnnl_primitive_desc_t?
            check(dnnl_primitive_desc_create(&pd, &desc, nil, engine, nil), "primitive_desc_create (inference)")
            check(dnnl_primitive_create(&inference, pd), "primitive_create (inference)")
            let q = { (what: dnnl_query_t) in dnnl_primitive_desc_query_md(pd, what, 0)! }
            inferenceKeys = [1, 33, 34, 41, 17]  // SRC_LAYER, WEIGHTS_LAYER, WEIGHTS_ITER, BIAS, DST_LAYER
            inferenceArgs = [DNNLMemory(&src, engine: engine), DNNLMemory(q(dnnl_query_weights_md), engine: engine),
                             DNNLMemory(dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 1)!, engine: engine),
                             DNNLMemory(&bias, engine: engine), DNNLMemory(&dst, engine: engine)]
            if let ws = dnnl_primitive_desc_query_md(pd, dnnl_query_workspace_md, 0), dnnl_memory_desc_get_size(ws) > 0 {
                inferenceKeys.append(64); inferenceArgs.append(DNNLMemory(ws, engine: engine))
            }
            dnnl_primitive_desc_destroy(pd)
        }
        // Training forward and backward at N windows.
        var src = md([t, n, c], dnnl_tnc), dst = md([t, n, h], dnnl_tnc)
        var wl = md([1, 1, c, 4, h], dnnl_format_tag_any), wi = md([1, 1, h, 4, h], dnnl_format_tag_any)
        var bias = md([1, 1, 4, h], dnnl_ldgo)
        var desc = dnnl_rnn_desc_t()
        check(dnnl_lstm_forward_desc_init(&desc, dnnl_forward_training, dnnl_unidirectional_left2right, &src, nil, nil,
                                          &wl, &wi, &bias, &dst, nil, nil, 0), "lstm_forward_desc_init (training)")
        var fpd: dnnl_primitive_desc_t?
        check(dnnl_primitive_desc_create(&fpd, &desc, nil, engine, nil), "primitive_desc_create (training)")
        check(dnnl_primitive_create(&trainingForward, fpd), "primitive_create (training)")
        let weightsLayer = DNNLMemory(dnnl_primitive_desc_query_md(fpd, dnnl_query_weights_md, 0)!, engine: engine)
        let weightsIter = DNNLMemory(dnnl_primitive_desc_query_md(fpd, dnnl_query_weights_md, 1)!, engine: engine)
        let srcMemory = DNNLMemory(&src, engine: engine), dstMemory = DNNLMemory(&dst, engine: engine)
        let biasMemory = DNNLMemory(&bias, engine: engine)
        let workspace = DNNLMemory(dnnl_primitive_desc_query_md(fpd, dnnl_query_workspace_md, 0)!, engine: engine)
        trainingKeys = [1, 33, 34, 41, 17, 64]
        trainingArgs = [srcMemory, weightsLayer, weightsIter, biasMemory, dstMemory, workspace]

        var dwl = md([1, 1, c, 4, h], dnnl_format_tag_any), dwi = md([1, 1, h, 4, h], dnnl_format_tag_any)
        var dbias = md([1, 1, 4, h], dnnl_ldgo)
        var dsrc = md([t, n, c], dnnl_tnc), ddst = md([t, n, h], dnnl_tnc)
        var bdesc = dnnl_rnn_desc_t()
        check(dnnl_lstm_backward_desc_init(&bdesc, dnnl_backward, dnnl_unidirectional_left2right, &src, nil, nil, &wl, &wi, &bias,
                                           &dst, nil, nil, &dsrc, nil, nil, &dwl, &dwi, &dbias, &ddst, nil, nil, 0),
              "lstm_backward_desc_init")
        var bpd: dnnl_primitive_desc_t?
        check(dnnl_primitive_desc_create(&bpd, &bdesc, nil, engine, fpd), "primitive_desc_create (backward)")
        check(dnnl_primitive_create(&backward, bpd), "primitive_create (backward)")
        // Backward may want the weights in another layout than forward: its own copies (reorders not timed).
        backwardKeys = [1, 33, 34, 41, 17, 64, 129, 161, 162, 169, 145]
        backwardArgs = [srcMemory, DNNLMemory(dnnl_primitive_desc_query_md(bpd, dnnl_query_weights_md, 0)!, engine: engine),
                        DNNLMemory(dnnl_primitive_desc_query_md(bpd, dnnl_query_weights_md, 1)!, engine: engine),
                        biasMemory, dstMemory, workspace, DNNLMemory(&dsrc, engine: engine),
                        DNNLMemory(dnnl_primitive_desc_query_md(bpd, dnnl_query_diff_weights_md, 0)!, engine: engine),
                        DNNLMemory(dnnl_primitive_desc_query_md(bpd, dnnl_query_diff_weights_md, 1)!, engine: engine),
                        DNNLMemory(&dbias, engine: engine), DNNLMemory(&ddst, engine: engine)]
        dnnl_primitive_desc_destroy(fpd)
        dnnl_primitive_desc_destroy(bpd)
    }

    private func run(_ p: dnnl_primitive_t?, _ keys: [Int32], _ mems: [DNNLMemory], _ stream: dnnl_stream_t) {
        var args = zip(keys, mems).map { dnnl_exec_arg_t(arg: $0, memory: $1.memory) }
        check(dnnl_primitive_execute(p, stream, Int32(args.count), &args), "primitive_execute")
    }

    func infer(_ s: dnnl_stream_t) { run(inference, inferenceKeys, inferenceArgs, s) }
    func trainForward(_ s: dnnl_stream_t) { run(trainingForward, trainingKeys, trainingArgs, s) }
    func trainBackward(_ s: dnnl_stream_t) { run(backward, backwardKeys, backwardArgs, s) }

    deinit {
        dnnl_primitive_destroy(inference)
        dnnl_primitive_destroy(trainingForward)
        dnnl_primitive_destroy(backward)
    }
}

/// Prints one JSON line per LSTM config: windows/s of oneDNN's fused primitives and of forecast's layers.
func oneDNNRNNReport() {
    omp_set_num_threads(1)
    BLASThreads.set(1)
    var engine: dnnl_engine_t?, stream: dnnl_stream_t?
    check(dnnl_engine_create(&engine, dnnl_cpu, 0), "engine_create")
    check(dnnl_stream_create(&stream, engine, dnnl_stream_default_flags.rawValue), "stream_create")
    for name in ["A", "B"] {
        let c = Config.all[name]!
        let chunk = 256
        var layers: [DNNLLSTMLayer] = []
        var input = c.features
        for _ in 0..<c.layers {
            layers.append(DNNLLSTMLayer(engine: engine!, time: c.window, batch: c.batch, input: input, units: c.units, inferenceBatch: chunk))
            input = c.units
        }
        let s = stream!
        let dnnlInfer = timeMicros(reps: 5, inner: 5) { for l in layers { l.infer(s) }; dnnl_stream_wait(s) }
        let dnnlForward = timeMicros(reps: 5, inner: 5) { for l in layers { l.trainForward(s) }; dnnl_stream_wait(s) }
        let dnnlTrain = timeMicros(reps: 5, inner: 5) {
            for l in layers { l.trainForward(s) }
            for l in layers.reversed() { l.trainBackward(s) }
            dnnl_stream_wait(s)
        }

        // forecast's layers on the same shapes (its own model, random weights), on the faster GEMM here.
        var g = SeededGenerator(seed: 3)
        let arch = ModelArchitecture(cell: .lstm, hiddenSizes: [Int](repeating: c.units, count: c.layers), features: c.features,
                                     horizon: c.horizon)
        let model = try! Network(architecture: arch, generator: &g)
        let x = (0..<(chunk * c.window * c.features)).map { _ in Float(g.nextUnitDouble() - 0.5) }
        let ours = timeMicros(reps: 5, inner: 5) { _ = try! model.predict(x, count: chunk, time: c.window) }
        let workspace = ModelWorkspace()
        var gradients = [Float](repeating: 0, count: model.parameterCount)
        let dOut = [Float](repeating: 0.01, count: c.batch * c.horizon)
        let batchInput = Array(x.prefix(c.batch * c.window * c.features))
        let (oursForward, oursTrain) = withExtendedLifetime(workspace) { () -> (Double, Double) in
            batchInput.withUnsafeBufferPointer { xb in dOut.withUnsafeBufferPointer { d in gradients.withUnsafeMutableBufferPointer { gr in
                let f = timeMicros(reps: 5, inner: 5) { _ = model.forward(input: xb, batch: c.batch, time: c.window, workspace: workspace) }
                let t = timeMicros(reps: 5, inner: 5) {
                    _ = model.forward(input: xb, batch: c.batch, time: c.window, workspace: workspace)
                    model.backward(dOutput: d, workspace: workspace, gradients: gr)
                }
                return (f, t)
            } } }
        }
        let perS = { (windows: Int, us: Double) in round(Double(windows) / us * 1e6, 1) }
        print(json([
            ("bench", "onednn_rnn"), ("config", name), ("gemm", GemmBackend.active.name), ("threads", 1),
            ("predict_windows_per_call", chunk), ("train_batch", c.batch),
            ("onednn_predict_windows_per_s", perS(chunk, dnnlInfer)), ("forecast_predict_windows_per_s", perS(chunk, ours)),
            ("onednn_train_forward_windows_per_s", perS(c.batch, dnnlForward)),
            ("forecast_train_forward_windows_per_s", perS(c.batch, oursForward)),
            ("onednn_train_step_windows_per_s", perS(c.batch, dnnlTrain)), ("forecast_train_step_windows_per_s", perS(c.batch, oursTrain)),
        ]))
    }
    dnnl_stream_destroy(stream)
    dnnl_engine_destroy(engine)
}
