#!/usr/bin/env python3
"""zxing-cpp, through its PyPI wheel, on the same payload as benches/barcode.rs (BENCHMARKS.md).

    pip install zxing-cpp && python3 core/benches/zxing_cpp.py

Times, per call, the best of 7 rounds of N calls (the usual `timeit` reading):
- encode: `create_barcode` of the 32-digit waon member code as QR at level M;
- encode + raster: the same plus `to_image(scale=20)`, the 580 px 8-bit image with quiet
  zones (no PNG: the wheel has no PNG writer; ours also compresses, so this favours zxing-cpp);
- the 16-digit wester code as Code128, encode + raster at scale 4.
The Python call costs about a microsecond, included.
"""

import json
import sys
import timeit
from importlib.metadata import version

try:
    import zxingcpp
except ImportError:
    print("zxing-cpp is not installed: pip install zxing-cpp", file=sys.stderr)
    sys.exit(2)

QR = "43009118954259401234567890125678"
CODE128 = "1091234567891234"


def best_us(stmt, number):
    rounds = timeit.repeat(stmt, number=number, repeat=7)
    return min(rounds) / number * 1e6


def main():
    fmt = zxingcpp.BarcodeFormat
    qr = lambda: zxingcpp.create_barcode(QR, fmt.QRCode, ec_level="M")
    image = qr().to_image(scale=20)
    results = {
        "zxing_cpp_version": version("zxing-cpp"),
        "qr32/encode/zxing-cpp": best_us(qr, 2000),
        "qr32/encode+raster580/zxing-cpp": best_us(lambda: qr().to_image(scale=20), 1000),
        "code128/encode+raster/zxing-cpp": best_us(
            lambda: zxingcpp.create_barcode(CODE128, fmt.Code128).to_image(scale=4), 2000
        ),
        "qr32/raster_px": list(image.shape),
    }
    for name, value in results.items():
        if isinstance(value, float):
            print(f"{name}: {value:.1f} us")
        else:
            print(f"{name}: {value}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
