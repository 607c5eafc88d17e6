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
// Imported as Int32 rather than hid_t, and spelled differently across releases.
static inline hid_t CHDF5_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t CHDF5_H5S_ALL(void) { return H5S_ALL; }
static inline hid_t CHDF5_H5E_DEFAULT(void) { return H5E_DEFAULT; }

// H5Eset_auto is a versioned macro; switch off HDF5's own error-stack printing so the user sees
// our one-line error instead.
static inline herr_t CHDF5_silenceErrorStack(void) { return H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }
