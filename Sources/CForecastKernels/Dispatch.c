// Compiles KernelBodies.h for three instruction sets and picks one copy per process from CPUID.
#include "CForecastKernels.h"

#define CFK_NAME(x) x##_avx512
#pragma clang attribute push(__attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,avx2,fma,f16c,bmi,bmi2"))), apply_to = function)
#include "KernelBodies.h"
#pragma clang attribute pop
#undef CFK_NAME

#define CFK_NAME(x) x##_avx2
#pragma clang attribute push(__attribute__((target("avx2,fma,f16c,bmi,bmi2"))), apply_to = function)
#include "KernelBodies.h"
#pragma clang attribute pop
#undef CFK_NAME

#define CFK_NAME(x) x##_base
#include "KernelBodies.h"
#undef CFK_NAME

static int supported_level(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("fma"))
        return 2;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return 1;
    return 0;
}

// -1 until first use; then the level in use. Set once at start-up (or by tests); plain int reads.
static volatile int level = -1;
// A level for the calling thread only (tests of each copy), -1 when unset.
static _Thread_local int thread_level = -1;

int cfk_isa_supported(void) { return supported_level(); }

int cfk_isa_level(void) {
    if (thread_level >= 0) return thread_level;
    if (level < 0) level = supported_level();
    return level;
}

int cfk_isa_set_thread(int requested) {
    if (requested < 0) { thread_level = -1; return cfk_isa_level(); }
    int s = supported_level();
    thread_level = requested > s ? s : requested;
    return thread_level;
}

int cfk_isa_set(int requested) {
    int s = supported_level();
    level = requested < 0 ? 0 : (requested > s ? s : requested);
    return level;
}

#define DISPATCH(call) \
    switch (cfk_isa_level()) { \
    case 2: call##_avx512 ARGS; break; \
    case 1: call##_avx2 ARGS; break; \
    default: call##_base ARGS; break; \
    }
#define DISPATCH_RETURN(call) \
    switch (cfk_isa_level()) { \
    case 2: return call##_avx512 ARGS; \
    case 1: return call##_avx2 ARGS; \
    default: return call##_base ARGS; \
    }

void cfk_lstm_forward(float *gates, long gs, const float *cp, long cps, float *c, long cs, float *tc, long tcs, float *h,
                      long hs, float *h2, long h2s, long B, long H) {
#define ARGS (gates, gs, cp, cps, c, cs, tc, tcs, h, hs, h2, h2s, B, H)
    DISPATCH(lstm_forward)
#undef ARGS
}

void cfk_lstm_backward(const float *gates, long gs, const float *cp, long cps, const float *tc, long tcs, const float *dh,
                       long dhs, float *dc, long dcs, float *dg, long dgs, long B, long H) {
#define ARGS (gates, gs, cp, cps, tc, tcs, dh, dhs, dc, dcs, dg, dgs, B, H)
    DISPATCH(lstm_backward)
#undef ARGS
}

void cfk_tanh_rows(const float *a, long as, float *h, long hs, long B, long H) {
#define ARGS (a, as, h, hs, B, H)
    DISPATCH(tanh_rows)
#undef ARGS
}

void cfk_tanh_backward_rows(const float *h, long hs, const float *dh, long dhs, float *da, long das, long B, long H) {
#define ARGS (h, hs, dh, dhs, da, das, B, H)
    DISPATCH(tanh_backward_rows)
#undef ARGS
}

void cfk_sigmoid(const float *x, float *y, long n) {
#define ARGS (x, y, n)
    DISPATCH(sigmoid_n)
#undef ARGS
}

void cfk_tanh(const float *x, float *y, long n) {
#define ARGS (x, y, n)
    DISPATCH(tanh_n)
#undef ARGS
}

void cfk_adam(float *w, const float *g, float *m, float *v, long n, float alpha, float omb1, float omb2, float eps) {
#define ARGS (w, g, m, v, n, alpha, omb1, omb2, eps)
    DISPATCH(adam)
#undef ARGS
}

double cfk_sum_squares(const float *x, long n) {
#define ARGS (x, n)
    DISPATCH_RETURN(sum_squares)
#undef ARGS
}

void cfk_scale(float *x, long n, float s) {
#define ARGS (x, n, s)
    DISPATCH(scale)
#undef ARGS
}

void cfk_add(const float *x, float *y, long n) {
#define ARGS (x, y, n)
    DISPATCH(add)
#undef ARGS
}

void cfk_add_row_vector(const float *v, float *matrix, long s, long B, long H) {
#define ARGS (v, matrix, s, B, H)
    DISPATCH(add_row_vector)
#undef ARGS
}

void cfk_add_column_sums(const float *matrix, long s, long B, long H, float *sums) {
#define ARGS (matrix, s, B, H, sums)
    DISPATCH(add_column_sums)
#undef ARGS
}

void cfk_lstm_predict(const float *gates, long gs, const float *bias, float *c, long cs, float *h, long hs, float *h2,
                      long h2s, long B, long H) {
#define ARGS (gates, gs, bias, c, cs, h, hs, h2, h2s, B, H)
    DISPATCH(lstm_predict)
#undef ARGS
}

void cfk_rnn_predict(const float *a, long as, const float *bias, float *h, long hs, float *h2, long h2s, long B, long H) {
#define ARGS (a, as, bias, h, hs, h2, h2s, B, H)
    DISPATCH(rnn_predict)
#undef ARGS
}

void cfk_gru_forward(const float *xp, long xps, const float *rp, long rps, const float *hp, long hps, float *g, long gs,
                     float *h, long hs, long B, long H) {
#define ARGS (xp, xps, rp, rps, hp, hps, g, gs, h, hs, B, H)
    DISPATCH(gru_forward)
#undef ARGS
}

void cfk_gru_backward(const float *g, long gs, const float *rp, long rps, const float *hp, long hps, const float *dh,
                      long dhs, float *dxp, long dxps, float *drp, long drps, float *dhp, long dhps, long B, long H) {
#define ARGS (g, gs, rp, rps, hp, hps, dh, dhs, dxp, dxps, drp, drps, dhp, dhps, B, H)
    DISPATCH(gru_backward)
#undef ARGS
}

void cfk_gru_predict(const float *xp, long xps, const float *rp, long rps, const float *bi, const float *br, float *h,
                     long hs, float *h2, long h2s, long B, long H) {
#define ARGS (xp, xps, rp, rps, bi, br, h, hs, h2, h2s, B, H)
    DISPATCH(gru_predict)
#undef ARGS
}
