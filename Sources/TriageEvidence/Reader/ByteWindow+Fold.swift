extension ByteWindow {
    /// Appends the window's text to `out` folded for case-insensitive ASCII matching: each byte (`utf16` false)
    /// or each UTF-16LE unit (`utf16` true; a unit above 0xFF becomes `?`, an odd last byte is ignored), with
    /// A–Z as a–z. No String is made: the caller searches the folded bytes.
    func appendFoldedASCII(utf16: Bool, to out: inout [UInt8]) {
        withRawBytes { raw in
            let step = utf16 ? 2 : 1
            var i = 0
            while i + step <= raw.count {
                var c = raw[i]
                if utf16, raw[i + 1] != 0 { c = 0x3F }
                if c >= 0x41 && c <= 0x5A { c |= 0x20 }
                out.append(c)
                i += step
            }
        }
    }
}
