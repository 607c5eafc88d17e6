// The kernel bodies, included three times by Dispatch.c, once per instruction set, with
// CFK_NAME(x) giving each copy its own names and a `#pragma clang attribute` giving it its target.
// Plain loops over `j` with per-row base pointers, no libm calls and only selects, so clang
// vectorizes every one of them at the width of the target.

static inline float CFK_NAME(exp)(float x) {
    x = x < -87.3f ? -87.3f : x;
    x = x > 88.0f ? 88.0f : x;
    const float magic = 12582912.0f;  // 1.5 * 2^23: adding it rounds to an integer
    float t = x * 1.44269504f + magic;
    float n = t - magic;
    float r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    float e = p * (r * r) + r + 1.0f;
    int bits;
    __builtin_memcpy(&bits, &t, 4);
    bits = (bits - 0x4B400000 + 127) << 23;
    float s;
    __builtin_memcpy(&s, &bits, 4);
    return e * s;
}

static inline float CFK_NAME(sigmoid)(float x) { return 1.0f / (1.0f + CFK_NAME(exp)(-x)); }

static inline float CFK_NAME(tanh)(float x) {
    float ax = x < 0 ? -x : x;
    float large = 1.0f - 2.0f / (CFK_NAME(exp)(2.0f * ax) + 1.0f);
    float x2 = x * x;
    float p = -1.4558343877e-3f;
    p = p * x2 + 3.5921280363e-3f;
    p = p * x2 - 8.8632355299e-3f;
    p = p * x2 + 2.1869488536e-2f;
    p = p * x2 - 5.3968253968e-2f;
    p = p * x2 + 1.3333333333e-1f;
    p = p * x2 - 3.3333333333e-1f;
    float small = x + x * x2 * p;
    float signedLarge = x < 0 ? -large : large;
    return ax < 0.5f ? small : signedLarge;
}

// tanh as a rational function (odd degree 13 over even degree 6, Eigen's float tanh coefficients) on
// x clamped to ±7.9053: one division and no exp; absolute and relative error below 4e-7 (the clamp
// gives 1 - 2.7e-7 beyond). The recurrent cells use it, and the sigmoid built on it (0.5 + 0.5 tanh(x/2),
// absolute error below 3e-7), instead of the exp-based pair above.
static inline float CFK_NAME(tanh_r)(float a) {
    const float clamp = 7.90531110763549805f;
    float x = a > clamp ? clamp : (a < -clamp ? -clamp : a);
    float x2 = x * x;
    float p = -2.76076847742355e-16f;
    p = p * x2 + 2.00018790482477e-13f;
    p = p * x2 - 8.60467152213735e-11f;
    p = p * x2 + 5.12229709037114e-08f;
    p = p * x2 + 1.48572235717979e-05f;
    p = p * x2 + 6.37261928875436e-04f;
    p = p * x2 + 4.89352455891786e-03f;
    float q = 1.19825839466702e-06f;
    q = q * x2 + 1.18534705686654e-04f;
    q = q * x2 + 2.26843463243900e-03f;
    q = q * x2 + 4.89352518554385e-03f;
    return (p * x) / q;
}

static inline float CFK_NAME(sigmoid_r)(float x) { return 0.5f + 0.5f * CFK_NAME(tanh_r)(0.5f * x); }

static void CFK_NAME(lstm_forward)(float *gates, long gs, const float *cp, long cps, float *c, long cs,
                                   float *tc, long tcs, float *h, long hs, float *h2, long h2s, long B, long H) {
    for (long b = 0; b < B; b++) {
        float *restrict gi = gates + b * gs, *restrict gf = gi + H, *restrict gc = gi + 2 * H, *restrict go = gi + 3 * H;
        const float *restrict cpr = cp + b * cps;
        float *restrict cr = c + b * cs, *restrict tcr = tc + b * tcs, *restrict hr = h + b * hs;
        float *h2r = h2 ? h2 + b * h2s : hr;   // may be hr: both get the same value
        // Iteration j touches element j of each row only: safe to vectorize whatever aliases.
#pragma clang loop vectorize(assume_safety)
        for (long j = 0; j < H; j++) {
            float i = CFK_NAME(sigmoid_r)(gi[j]), f = CFK_NAME(sigmoid_r)(gf[j]);
            float g = CFK_NAME(tanh_r)(gc[j]), o = CFK_NAME(sigmoid_r)(go[j]);
            gi[j] = i; gf[j] = f; gc[j] = g; go[j] = o;
            float cn = f * cpr[j] + i * g;
            cr[j] = cn;
            float t = CFK_NAME(tanh_r)(cn);
            tcr[j] = t;
            hr[j] = o * t;
            h2r[j] = o * t;
        }
    }
}

static void CFK_NAME(lstm_backward)(const float *gates, long gs, const float *cp, long cps, const float *tc, long tcs,
                                    const float *dh, long dhs, float *dc, long dcs, float *dg, long dgs, long B, long H) {
    for (long b = 0; b < B; b++) {
        const float *gi = gates + b * gs, *gf = gi + H, *gc = gi + 2 * H, *go = gi + 3 * H;
        const float *cpr = cp + b * cps, *tcr = tc + b * tcs, *dhr = dh + b * dhs;
        float *dcr = dc + b * dcs;
        float *di = dg + b * dgs, *df = di + H, *dgg = di + 2 * H, *dout = di + 3 * H;
        // Element j of every block is read before element j of any block is written, and no
        // iteration touches another's elements, so the loop is safe to vectorize even when dg is gates.
#pragma clang loop vectorize(assume_safety)
        for (long j = 0; j < H; j++) {
            float i = gi[j], f = gf[j], g = gc[j], o = go[j], t = tcr[j], d = dhr[j], cprev = cpr[j];
            float dct = dcr[j] + d * o * (1.0f - t * t);
            float vo = d * t * o * (1.0f - o);
            float vi = dct * g * i * (1.0f - i);
            float vg = dct * i * (1.0f - g * g);
            float vf = dct * cprev * f * (1.0f - f);
            dout[j] = vo; di[j] = vi; dgg[j] = vg; df[j] = vf;
            dcr[j] = dct * f;
        }
    }
}

static void CFK_NAME(tanh_rows)(const float *a, long as, float *h, long hs, long B, long H) {
    for (long b = 0; b < B; b++) {
        const float *ar = a + b * as;
        float *hr = h + b * hs;
#pragma clang loop vectorize(assume_safety)
        for (long j = 0; j < H; j++) hr[j] = CFK_NAME(tanh_r)(ar[j]);
    }
}

static void CFK_NAME(tanh_backward_rows)(const float *h, long hs, const float *dh, long dhs, float *da, long das, long B, long H) {
    for (long b = 0; b < B; b++) {
        const float *hr = h + b * hs, *dhr = dh + b * dhs;
        float *dar = da + b * das;
#pragma clang loop vectorize(assume_safety)
        for (long j = 0; j < H; j++) dar[j] = dhr[j] * (1.0f - hr[j] * hr[j]);
    }
}

static void CFK_NAME(sigmoid_n)(const float *x, float *y, long n) {
#pragma clang loop vectorize(assume_safety)
    for (long i = 0; i < n; i++) y[i] = CFK_NAME(sigmoid)(x[i]);
}

static void CFK_NAME(tanh_n)(const float *x, float *y, long n) {
#pragma clang loop vectorize(assume_safety)
    for (long i = 0; i < n; i++) y[i] = CFK_NAME(tanh)(x[i]);
}

static void CFK_NAME(adam)(float *restrict w, const float *restrict g, float *restrict m, float *restrict v, long n,
                           float alpha, float omb1, float omb2, float eps) {
#pragma clang loop vectorize(assume_safety)
    for (long i = 0; i < n; i++) {
        float gi = g[i];
        float mi = m[i] + (gi - m[i]) * omb1;
        float vi = v[i] + (gi * gi - v[i]) * omb2;
        m[i] = mi; v[i] = vi;
        w[i] -= (mi * alpha) / (__builtin_sqrtf(vi) + eps);
    }
}

static double CFK_NAME(sum_squares)(const float *x, long n) {
    // Eight double partial sums (fixed order), so the loop vectorizes without reassociation flags.
    double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    long i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; k++) { double d = x[i + k]; acc[k] += d * d; }
    double total = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
    for (; i < n; i++) { double d = x[i]; total += d * d; }
    return total;
}

static void CFK_NAME(scale)(float *x, long n, float s) {
#pragma clang loop vectorize(assume_safety)
    for (long i = 0; i < n; i++) x[i] *= s;
}

static void CFK_NAME(add)(const float *restrict x, float *restrict y, long n) {
#pragma clang loop vectorize(assume_safety)
    for (long i = 0; i < n; i++) y[i] += x[i];
}

static void CFK_NAME(add_row_vector)(const float *restrict v, float *restrict matrix, long s, long B, long H) {
    for (long b = 0; b < B; b++) {
        float *restrict row = matrix + b * s;
#pragma clang loop vectorize(assume_safety)
        for (long j = 0; j < H; j++) row[j] += v[j];
    }
}

static void CFK_NAME(add_column_sums)(const float *restrict matrix, long s, long B, long H, float *restrict sums) {
    for (long b = 0; b < B; b++) {
        const float *restrict row = matrix + b * s;
#pragma clang loop vectorize(assume_safety)
        for (long j = 0; j < H; j++) sums[j] += row[j];
    }
}

static void CFK_NAME(lstm_predict)(const float *gates, long gs, const float *bias, float *c, long cs, float *h, long hs,
                                   float *h2, long h2s, long B, long H) {
    for (long b = 0; b < B; b++) {
        const float *gi = gates + b * gs, *gf = gi + H, *gc = gi + 2 * H, *go = gi + 3 * H;
        const float *bi = bias, *bf = bias + H, *bc = bias + 2 * H, *bo = bias + 3 * H;
        float *cr = c + b * cs, *hr = h + b * hs;
        float *h2r = h2 ? h2 + b * h2s : hr;
#pragma clang loop vectorize(assume_safety)
        for (long j = 0; j < H; j++) {
            float i = CFK_NAME(sigmoid_r)(gi[j] + bi[j]), f = CFK_NAME(sigmoid_r)(gf[j] + bf[j]);
            float g = CFK_NAME(tanh_r)(gc[j] + bc[j]), o = CFK_NAME(sigmoid_r)(go[j] + bo[j]);
            float cn = f * cr[j] + i * g;
            cr[j] = cn;
            float hn = o * CFK_NAME(tanh_r)(cn);
            hr[j] = hn;
            h2r[j] = hn;
        }
    }
}

static void CFK_NAME(rnn_predict)(const float *a, long as, const float *bias, float *h, long hs, float *h2, long h2s,
                                  long B, long H) {
    for (long b = 0; b < B; b++) {
        const float *ar = a + b * as;
        float *hr = h + b * hs;
        float *h2r = h2 ? h2 + b * h2s : hr;
#pragma clang loop vectorize(assume_safety)
        for (long j = 0; j < H; j++) {
            float hn = CFK_NAME(tanh_r)(ar[j] + bias[j]);
            hr[j] = hn;
            h2r[j] = hn;
        }
    }
}

// GRU step with reset_after = true (Keras' default, PyTorch's formula), gate order z, r, h:
// z = σ(xp_z + rp_z), r = σ(xp_r + rp_r), c = tanh(xp_h + r * rp_h), h = z * hp + (1 - z) * c, where xp and rp
// already hold their biases. g receives z, r, c (kept for the backward pass).
static void CFK_NAME(gru_forward)(const float *xp, long xps, const float *rp, long rps, const float *hp, long hps,
                                  float *g, long gs, float *h, long hs, long B, long H) {
    for (long b = 0; b < B; b++) {
        const float *xz = xp + b * xps, *xr = xz + H, *xh = xz + 2 * H;
        const float *pz = rp + b * rps, *pr = pz + H, *ph = pz + 2 * H;
        const float *hpr = hp + b * hps;
        float *gz = g + b * gs, *gr = gz + H, *gh = gz + 2 * H;
        float *hr = h + b * hs;
#pragma clang loop vectorize(assume_safety)
        for (long j = 0; j < H; j++) {
            float z = CFK_NAME(sigmoid_r)(xz[j] + pz[j]);
            float r = CFK_NAME(sigmoid_r)(xr[j] + pr[j]);
            float c = CFK_NAME(tanh_r)(xh[j] + r * ph[j]);
            gz[j] = z; gr[j] = r; gh[j] = c;
            hr[j] = z * hpr[j] + (1.0f - z) * c;
        }
    }
}

// Backward of gru_forward: dxp (z, r, h blocks), drp (z, r, and r * dc for h) and dhp = dh * z (the direct part;
// the caller adds drp · Uᵀ).
static void CFK_NAME(gru_backward)(const float *g, long gs, const float *rp, long rps, const float *hp, long hps,
                                   const float *dh, long dhs, float *dxp, long dxps, float *drp, long drps, float *dhp,
                                   long dhps, long B, long H) {
    for (long b = 0; b < B; b++) {
        const float *gz = g + b * gs, *gr = gz + H, *gh = gz + 2 * H;
        const float *ph = rp + b * rps + 2 * H, *hpr = hp + b * hps, *dhr = dh + b * dhs;
        float *dxz = dxp + b * dxps, *dxr = dxz + H, *dxh = dxz + 2 * H;
        float *dpz = drp + b * drps, *dpr = dpz + H, *dph = dpz + 2 * H;
        float *dhpr = dhp + b * dhps;
#pragma clang loop vectorize(assume_safety)
        for (long j = 0; j < H; j++) {
            float z = gz[j], r = gr[j], c = gh[j], d = dhr[j];
            float dc = d * (1.0f - z) * (1.0f - c * c);
            float dz = d * (hpr[j] - c) * z * (1.0f - z);
            float dr = dc * ph[j] * r * (1.0f - r);
            dxz[j] = dz; dxr[j] = dr; dxh[j] = dc;
            dpz[j] = dz; dpr[j] = dr; dph[j] = dc * r;
            dhpr[j] = d * z;
        }
    }
}

// GRU step (reset_after = true) for prediction only: xp = x·W and rp = h·U without biases (bi, br added here),
// h updated in place and copied to h2 when h2 is not NULL.
static void CFK_NAME(gru_predict)(const float *xp, long xps, const float *rp, long rps, const float *bi, const float *br,
                                  float *h, long hs, float *h2, long h2s, long B, long H) {
    for (long b = 0; b < B; b++) {
        const float *xz = xp + b * xps, *xr = xz + H, *xh = xz + 2 * H;
        const float *pz = rp + b * rps, *pr = pz + H, *ph = pz + 2 * H;
        const float *biz = bi, *bir = bi + H, *bih = bi + 2 * H, *brz = br, *brr = br + H, *brh = br + 2 * H;
        float *hr = h + b * hs;
        float *h2r = h2 ? h2 + b * h2s : hr;
#pragma clang loop vectorize(assume_safety)
        for (long j = 0; j < H; j++) {
            float z = CFK_NAME(sigmoid_r)(xz[j] + biz[j] + (pz[j] + brz[j]));
            float r = CFK_NAME(sigmoid_r)(xr[j] + bir[j] + (pr[j] + brr[j]));
            float c = CFK_NAME(tanh_r)(xh[j] + bih[j] + r * (ph[j] + brh[j]));
            float hn = z * hr[j] + (1.0f - z) * c;
            hr[j] = hn;
            h2r[j] = hn;
        }
    }
}
