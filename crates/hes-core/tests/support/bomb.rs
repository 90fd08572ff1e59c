//! Valid PNGs whose pixel data is all zeros, compressed about 1000:1 by one hand-written dynamic
//! Huffman deflate block (zero, then repeats of "258 more like the last one" at 2 bits each).
//! So a 60000×60000 bomb is a 437 KB file made in milliseconds, with no compressor needed.

/// A PNG of `width`×`height` zero pixels (`color_type`: 0 grey, 2 RGB, 6 RGBA; `bit_depth` 1–16).
pub fn zero_png(width: u32, height: u32, bit_depth: u8, color_type: u8) -> Vec<u8> {
    let channels: u64 = match color_type {
        0 => 1,
        2 => 3,
        4 => 2,
        6 => 4,
        _ => panic!("colour type {color_type}"),
    };
    let row_bytes = (u64::from(width) * channels * u64::from(bit_depth)).div_ceil(8);
    let raw_len = u64::from(height) * (1 + row_bytes); // a filter byte (0 = none) per row
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[bit_depth, color_type, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &zlib_zeros(raw_len));
    chunk(&mut out, b"IEND", &[]);
    out
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (n, t) in table.iter_mut().enumerate() {
        let mut c = n as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
        *t = c;
    }
    !bytes.iter().fold(!0u32, |c, b| table[((c ^ u32::from(*b)) & 0xFF) as usize] ^ (c >> 8))
}

/// Deflate bits: values LSB first, Huffman codes MSB first (RFC 1951 3.1.1).
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn value(&mut self, v: u32, len: u32) {
        self.acc |= u64::from(v) << self.n;
        self.n += len;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }
    fn code(&mut self, code: u32, len: u32) {
        for i in (0..len).rev() {
            self.value((code >> i) & 1, 1);
        }
    }
    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// zlib stream of `n` zero bytes (n ≥ 1).
fn zlib_zeros(n: u64) -> Vec<u8> {
    let mut b = Bits { out: vec![0x78, 0x01], acc: 0, n: 0 };
    b.value(1, 1); // BFINAL
    b.value(2, 2); // BTYPE = dynamic Huffman
    b.value(286 - 257, 5); // HLIT: literal/length codes 0..=285
    b.value(1, 5); // HDIST: two distance codes (a complete code; only 0 is used)
    b.value(18 - 4, 4); // HCLEN: code-length codes up to symbol 1 in the transmission order
                        // Code-length code lengths in RFC order 16,17,18,0,8,7,9,6,10,5,11,4,12,3,13,2,14,1:
                        // symbol 18 → 1 bit ("0"), symbols 1 and 2 → 2 bits ("10", "11").
    for len in [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2] {
        b.value(len, 3);
    }
    // Literal/length lengths: 0 → 2, 1..=255 → 0, 256 → 2, 257..=284 → 0, 285 → 1; distances 0, 1 → 1.
    let (one, two, zeros18) = ((0b10, 2), (0b11, 2), (0b0, 1));
    b.code(two.0, two.1); // lit 0: length 2
    b.code(zeros18.0, zeros18.1);
    b.value(138 - 11, 7); // 138 zeros
    b.code(zeros18.0, zeros18.1);
    b.value(117 - 11, 7); // 117 zeros (1..=255 done)
    b.code(two.0, two.1); // 256: length 2
    b.code(zeros18.0, zeros18.1);
    b.value(28 - 11, 7); // 257..=284
    b.code(one.0, one.1); // 285: length 1
    b.code(one.0, one.1); // distance code 0: length 1
    b.code(one.0, one.1); // distance code 1: length 1
                          // Canonical codes: 285 → "0", literal 0 → "10", end of block → "11"; distance 0 → "0".
    b.code(0b10, 2);
    let mut left = n - 1;
    while left >= 258 {
        b.code(0, 1);
        b.code(0, 1);
        left -= 258;
    }
    for _ in 0..left {
        b.code(0b10, 2);
    }
    b.code(0b11, 2);
    let mut out = b.finish();
    // Adler-32 of zeros: a stays 1, b grows by 1 a byte.
    let adler = (((n % 65521) as u32) << 16) | 1;
    out.extend_from_slice(&adler.to_be_bytes());
    out
}
