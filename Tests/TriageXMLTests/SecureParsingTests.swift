import Foundation
import Testing
import TriageCore

@testable import TriageXML

#if canImport(Glibc)
    import Glibc
#endif

private func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "triage-xml-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

private func accessTime(_ path: String) -> Int {
    var info = stat()
    guard stat(path, &info) == 0 else { return -1 }
    return Int(info.st_atim.tv_sec)
}

/// Access time 1000, modification time 2000: any read now moves the access time (even under relatime).
private func setOldTimes(_ path: String) {
    var times = [timespec(tv_sec: 1000, tv_nsec: 0), timespec(tv_sec: 2000, tv_nsec: 0)]
    _ = utimensat(AT_FDCWD, path, &times, 0)
}

@Test func externalEntityFileIsNeverRead() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let secret = dir + "/secret.txt"
    try "TOP-SECRET-CONTENT".write(toFile: secret, atomically: true, encoding: .utf8)
    let document = dir + "/evil.xml"
    try """
    <?xml version="1.0"?>
    <!DOCTYPE hypothesis [<!ENTITY secret SYSTEM "file://\(secret)">]>
    <hypothesis id="evil" prior="0.1"><title lang="en">&secret;</title></hypothesis>
    """.write(toFile: document, atomically: true, encoding: .utf8)
    setOldTimes(secret)
    #expect(accessTime(secret) == 1000)

    let result = XMLReader.read(path: document, file: "evil.xml")
    #expect(
        result.diagnostics.map(\.description) == [
            "evil.xml:2:1: error: DOCTYPE declarations are not allowed in knowledge files (DTDs and entities are never loaded) [doctype]"
        ])
    #expect(result.document == nil)
    #expect(accessTime(secret) == 1000)

    // Control: reading the file ourselves does move the access time, so the check above means something.
    _ = FileManager.default.contents(atPath: secret)
    #expect(accessTime(secret) != 1000)
}

@Test func billionLaughsIsRefusedAtOnce() {
    var text = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
    for level in 1...9 {
        text +=
            " <!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10)
            + "\">\n"
    }
    text += "]>\n<lolz>&lol9;</lolz>\n"
    let clock = ContinuousClock()
    var result: XMLReadResult?
    let elapsed = clock.measure { result = XMLReader.parse(Array(text.utf8), file: "lol.xml") }
    #expect(
        result?.diagnostics.map(\.description) == [
            "lol.xml:2:1: error: DOCTYPE declarations are not allowed in knowledge files (DTDs and entities are never loaded) [doctype]"
        ])
    #expect(elapsed < .milliseconds(200))
}

@Test func quadraticBlowupIsRefusedWithoutExpansion() {
    // 100 KB entity referenced 50,000 times: 5 GB if anything expanded it.
    let text =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY a \"" + String(repeating: "x", count: 100_000)
        + "\">]>\n<r>" + String(repeating: "&a;", count: 50_000) + "</r>\n"
    let clock = ContinuousClock()
    var result: XMLReadResult?
    let elapsed = clock.measure { result = XMLReader.parse(Array(text.utf8), file: "quad.xml") }
    #expect(
        result?.diagnostics.map(\.description) == [
            "quad.xml:2:1: error: DOCTYPE declarations are not allowed in knowledge files (DTDs and entities are never loaded) [doctype]"
        ])
    #expect(elapsed < .milliseconds(500))
}

@Test func undeclaredEntityReferenceIsAnErrorNotAnExpansion() {
    let result = XMLReader.parse(Array("<r>\n  <t>&ext;</t>\n</r>".utf8), file: "e.xml")
    #expect(result.diagnostics.map(\.description) == ["e.xml:2:11: error: Entity 'ext' not defined [xml-syntax]"])
}

@Test func utf16IsRefused() {
    let result = XMLReader.parse([0xFF, 0xFE, 0x3C, 0x00], file: "u.xml")
    #expect(
        result.diagnostics.map(\.description) == [
            "u.xml:1:1: error: file is UTF-16; knowledge files must be UTF-8 [encoding]"
        ])
}

@Test func declaredNonUTF8EncodingIsRefused() {
    let result = XMLReader.parse(Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<r/>".utf8), file: "d.xml")
    #expect(
        result.diagnostics.map(\.description)
            == [
                "d.xml:1:1: error: the XML declaration names encoding 'ISO-8859-1'; knowledge files must be UTF-8 [encoding]"
            ])
}

@Test func concurrentParsesKeepTheirOwnErrors() async {
    let results = await withTaskGroup(of: (Int, [String]).self) { group in
        for i in 0..<64 {
            group.addTask {
                let text = i.isMultiple(of: 2) ? "<r>\n<a></b>\n</r>" : "<r><a/></r>"
                return (i, XMLReader.parse(Array(text.utf8), file: "f\(i).xml").diagnostics.map(\.description))
            }
        }
        var all: [Int: [String]] = [:]
        for await (i, d) in group { all[i] = d }
        return all
    }
    for i in 0..<64 {
        #expect(
            results[i]
                == (i.isMultiple(of: 2)
                    ? ["f\(i).xml:2:8: error: Opening and ending tag mismatch: a line 2 and b [xml-syntax]"] : []))
    }
}
