// OpenBLAS's own cblas.h (pkg-config `openblas` puts its directory first on the include path).
// It declares cblas_sgemm and the openblas_* controls (openblas_set_num_threads,
// openblas_get_corename) that ForecastKernels calls. Only ForecastKernels imports this module.
#include <cblas.h>
