// zlib's gzip file interface (named CGzip: ZIPFoundation already defines a module CZlib) (gzdopen, gzread, gzerror), for reading .gz inputs as a stream.
#include <zlib.h>
