// Elementwise kernels of the recurrent layers and the optimizer, in C, each compiled three times
// (AVX-512, AVX2+FMA, baseline x86-64) and picked once per process from CPUID, so the same binary
// runs on any x86_64 CPU and uses the widest vectors it has. ForecastKernels wraps them; nothing
// else imports this module.
//
// Matrices are row-major with a row stride in elements ("s" arguments), B = batch, H = hidden size.
#ifndef CFORECASTKERNELS_H
#define CFORECASTKERNELS_H

/// Instruction-set level of the kernels: 0 baseline (SSE2), 1 AVX2 + FMA, 2 AVX-512.
int cfk_isa_level(void);
/// The highest level this CPU supports.
int cfk_isa_supported(void);
/// Uses `level` (clamped to what the CPU supports) from now on; returns the level in use.
int cfk_isa_set(int level);
/// Uses `level` (clamped) on the calling thread only, or the process' level again when `level` < 0;
/// returns the level now in use on this thread.
int cfk_isa_set_thread(int level);

/// LSTM step, gate order i, f, c, o: gates (pre-activations in, activations out), c = f*cp + i*g,
/// tc = tanh(c), h = o*tc, written to h and, when h2 is not NULL, also to h2 (the next step's stacked input).
void cfk_lstm_forward(float *gates, long gs, const float *cp, long cps, float *c, long cs,
                      float *tc, long tcs, float *h, long hs, float *h2, long h2s, long B, long H);
/// LSTM step backward. dg may be the same memory as gates (same stride): each element is read
/// before it is overwritten. dc is in (from step t+1) and out (to step t-1).
void cfk_lstm_backward(const float *gates, long gs, const float *cp, long cps, const float *tc, long tcs,
                       const float *dh, long dhs, float *dc, long dcs, float *dg, long dgs, long B, long H);
/// LSTM step for prediction only: pre = gates + bias (gates not written), c = f*c + i*g in place,
/// h = o*tanh(c) written to h and, when h2 is not NULL, also to h2 (the next layer's input).
void cfk_lstm_predict(const float *gates, long gs, const float *bias, float *c, long cs, float *h, long hs, float *h2,
                      long h2s, long B, long H);
/// SimpleRNN step for prediction only: h = tanh(a + bias), written to h and, when not NULL, h2.
void cfk_rnn_predict(const float *a, long as, const float *bias, float *h, long hs, float *h2, long h2s, long B, long H);
/// GRU step, reset_after = true, gate order z, r, h: xp = x·W + b_in and rp = h_prev·U + b_rec ([B, 3H]);
/// g = [z, r, c] with z = σ(xp_z + rp_z), r = σ(xp_r + rp_r), c = tanh(xp_h + r*rp_h); h = z*hp + (1-z)*c.
void cfk_gru_forward(const float *xp, long xps, const float *rp, long rps, const float *hp, long hps, float *g, long gs,
                     float *h, long hs, long B, long H);
/// GRU step backward (reset_after = true): dxp and drp ([B, 3H], overwritten) and dhp = dh*z (overwritten; the
/// caller adds drp·Uᵀ).
void cfk_gru_backward(const float *g, long gs, const float *rp, long rps, const float *hp, long hps, const float *dh,
                      long dhs, float *dxp, long dxps, float *drp, long drps, float *dhp, long dhps, long B, long H);
/// GRU step (reset_after = true) for prediction only: xp = x·W and rp = h·U without biases; bi, br the input and
/// recurrent biases ([3H]); h updated in place and also written to h2 when not NULL.
void cfk_gru_predict(const float *xp, long xps, const float *rp, long rps, const float *bi, const float *br, float *h,
                     long hs, float *h2, long h2s, long B, long H);
/// h = tanh(a) row by row (h may be a, same stride).
void cfk_tanh_rows(const float *a, long as, float *h, long hs, long B, long H);
/// da = dh * (1 - h^2) row by row (da may be dh or h, same stride).
void cfk_tanh_backward_rows(const float *h, long hs, const float *dh, long dhs, float *da, long das, long B, long H);
/// Sigmoid / tanh over a contiguous buffer (y may be x).
void cfk_sigmoid(const float *x, float *y, long n);
void cfk_tanh(const float *x, float *y, long n);

/// Keras' Adam update: m += (g-m)*omb1; v += (g*g-v)*omb2; w -= alpha*m/(sqrt(v)+eps).
void cfk_adam(float *w, const float *g, float *m, float *v, long n, float alpha, float omb1, float omb2, float eps);
/// Sum of squares accumulated in double (fixed order for a given level and n).
double cfk_sum_squares(const float *x, long n);
/// x *= s.
void cfk_scale(float *x, long n, float s);
/// y += x.
void cfk_add(const float *x, float *y, long n);
/// matrix[r, j] += v[j] for B rows at stride s.
void cfk_add_row_vector(const float *v, float *matrix, long s, long B, long H);
/// sums[j] += sum over rows of matrix[r, j].
void cfk_add_column_sums(const float *matrix, long s, long B, long H, float *sums);

#endif
