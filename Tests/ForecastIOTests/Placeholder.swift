// Placeholder: replaced by CSV/HDF5 tests.
