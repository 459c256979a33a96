// The C surface of zlib that msoko uses: raw deflate and CRC-32 for the zip
// archives it writes (ZipArchiveWriter in MsokoIngest). ZIPFoundation, which
// reads the archives, links the same library through a module of its own.
#ifndef MSOKO_CZLIB_SHIM_H
#define MSOKO_CZLIB_SHIM_H

#include <zlib.h>

#endif
