// Debian oneDNN (libdnnl-dev, 2.6+): dnnl_sgemm (row-major, BLAS-like 'N'/'T' arguments), which picks
// its AVX-512 / AVX2 kernels by CPUID at run time. Debian builds it with OpenMP (libgomp), so its
// threads follow omp_set_num_threads, declared here because the toolchain's clang may not find omp.h.
// Only ForecastKernels imports this module.
#include <oneapi/dnnl/dnnl.h>

extern void omp_set_num_threads(int);
extern int omp_get_max_threads(void);
