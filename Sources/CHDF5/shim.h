// HDF5 (1.10+) and its high-level library (dimension scales), for ForecastIO only.
//
// Swift cannot import most of HDF5's constants: they are macros that call H5open() and read a
// global (H5T_NATIVE_FLOAT is `(H5OPEN H5T_NATIVE_FLOAT_g)`), add a version check
// (H5F_ACC_TRUNC), or are casts (H5T_VARIABLE). Each constant we use gets a prefixed accessor
// here; the macro inside still calls H5open(), so the library is initialised before first use.
#include <hdf5.h>
#include <hdf5_hl.h>

// Predefined memory types: (H5OPEN H5T_NATIVE_*_g).
static inline hid_t CHDF5_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t CHDF5_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t CHDF5_H5T_NATIVE_INT32(void) { return H5T_NATIVE_INT32; }
static inline hid_t CHDF5_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t CHDF5_H5T_NATIVE_UINT8(void) { return H5T_NATIVE_UINT8; }
// Predefined file types, little-endian, as h5py and netCDF-4 write them.
static inline hid_t CHDF5_H5T_IEEE_F32LE(void) { return H5T_IEEE_F32LE; }
static inline hid_t CHDF5_H5T_IEEE_F64LE(void) { return H5T_IEEE_F64LE; }
static inline hid_t CHDF5_H5T_STD_I64LE(void) { return H5T_STD_I64LE; }
static inline hid_t CHDF5_H5T_STD_I32LE(void) { return H5T_STD_I32LE; }
// The C string type that variable-length UTF-8 strings are derived from: (H5OPEN H5T_C_S1_g).
static inline hid_t CHDF5_H5T_C_S1(void) { return H5T_C_S1; }
// ((size_t)(-1)): a cast Swift does not import.
static inline size_t CHDF5_H5T_VARIABLE(void) { return H5T_VARIABLE; }
// File access flags carry a version check: (H5CHECK H5OPEN 0x..u).
static inline unsigned CHDF5_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline unsigned CHDF5_H5F_ACC_EXCL(void) { return H5F_ACC_EXCL; }
static inline unsigned CHDF5_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned CHDF5_H5F_ACC_RDWR(void) { return H5F_ACC_RDWR; }
// Property-list classes: (H5OPEN H5P_CLS_*_ID_g).
static inline hid_t CHDF5_H5P_DATASET_CREATE(void) { return H5P_DATASET_CREATE; }
static inline hid_t CHDF5_H5P_FILE_ACCESS(void) { return H5P_FILE_ACCESS; }
static inline hid_t CHDF5_H5P_LINK_CREATE(void) { return H5P_LINK_CREATE; }
static inline hid_t CHDF5_H5P_FILE_CREATE(void) { return H5P_FILE_CREATE; }
static inline hid_t CHDF5_H5P_GROUP_CREATE(void) { return H5P_GROUP_CREATE; }
// Imported as Int32 rather than hid_t, and spelled differently across releases.
static inline hid_t CHDF5_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t CHDF5_H5S_ALL(void) { return H5S_ALL; }
static inline hid_t CHDF5_H5E_DEFAULT(void) { return H5E_DEFAULT; }

// H5Eset_auto is a versioned macro; switch off HDF5's own error-stack printing so the user sees
// our one-line error instead.
static inline herr_t CHDF5_silenceErrorStack(void) { return H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

// The path of the first dimension scale attached to dimension `dim` of dataset `did`, written into
// `buffer` (NUL-terminated, truncated to `size`). Returns the path's full length, 0 when no scale is
// attached, negative on failure. H5DSiterate_scales takes a C callback and closes the scale it
// hands over as soon as the callback returns, so the name is copied out inside the callback; doing
// that here keeps function pointers and their context out of Swift.
typedef struct { char *buffer; size_t size; ssize_t length; } CHDF5_ScalePath;
static inline herr_t CHDF5_copyScalePath(hid_t did, unsigned dim, hid_t scale, void *data) {
    (void)did; (void)dim;
    CHDF5_ScalePath *out = (CHDF5_ScalePath *)data;
    out->length = H5Iget_name(scale, out->buffer, out->size);
    return 1;  // stop after the first scale
}
static inline ssize_t CHDF5_firstScalePath(hid_t did, unsigned dim, char *buffer, size_t size) {
    if (H5DSget_num_scales(did, dim) <= 0) return 0;
    CHDF5_ScalePath out = { buffer, size, -1 };
    int index = 0;
    if (H5DSiterate_scales(did, dim, &index, CHDF5_copyScalePath, &out) < 0) return -1;
    return out.length;
}
