import Foundation
import Testing
import TriageCore

@testable import TriageXML

#if canImport(Glibc)
    import Glibc
#endif

/// Hostile XML files built in each test: schemas that try to read a local file, FIFOs, symlinks that leave
/// the tree, oversized and one-line documents.
@Suite final class XMLSourcePolicyTests {
    let dir: String
    let secret: String

    init() throws {
        dir = NSTemporaryDirectory() + "triage-policy-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/tree", withIntermediateDirectories: true)
        secret = dir + "/secret.txt"
        try "root:x:0:0:TOP-SECRET".write(toFile: secret, atomically: true, encoding: .utf8)
        var times = [timespec(tv_sec: 1000, tv_nsec: 0), timespec(tv_sec: 2000, tv_nsec: 0)]
        _ = utimensat(AT_FDCWD, secret, &times, 0)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    func secretWasRead() -> Bool {
        var info = stat()
        _ = stat(secret, &info)
        return info.st_atim.tv_sec != 1000
    }

    func write(_ text: String, _ name: String) throws -> String {
        let path = dir + "/tree/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func compileErrors(_ path: String) -> [String] {
        do {
            _ = try XMLSchema(path: path, name: "rule.xsd", policy: XMLSourcePolicy(roots: [dir + "/tree"]))
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func schemaWithAnExternalEntityIsRefusedAndTheFileNeverRead() throws {
        let path = try write(
            """
            <?xml version="1.0"?>
            <!DOCTYPE xs:schema [<!ENTITY leak SYSTEM "file://\(secret)">]>
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:element name="rule"><xs:annotation><xs:documentation>&leak;</xs:documentation></xs:annotation></xs:element>
            </xs:schema>
            """, "rule.xsd")
        #expect(
            compileErrors(path) == [
                "rule.xsd:2:1: error: DOCTYPE declarations are not allowed in knowledge files (DTDs and entities are never loaded) [doctype]"
            ])
        #expect(!secretWasRead())
    }

    @Test func schemaIncludesAndImportsAreRefusedAndNeverOpened() throws {
        let path = try write(
            """
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:include schemaLocation="\(secret)"/>
              <xs:import namespace="urn:x" schemaLocation="file://\(secret)"/>
              <xs:element name="rule" type="xs:string"/>
            </xs:schema>
            """, "rule.xsd")
        #expect(
            compileErrors(path) == [
                "rule.xsd:3:3: error: <xs:include> is refused: schemas must be self-contained (triage never loads another file) [schema]",
                "rule.xsd:4:3: error: <xs:import> is refused: schemas must be self-contained (triage never loads another file) [schema]"
            ])
        #expect(!secretWasRead())
    }

    @Test func aSelfContainedSchemaStillCompilesAndValidates() throws {
        let path = try write(
            """
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="rule" type="xs:int"/></xs:schema>
            """, "rule.xsd")
        let schema = try XMLSchema(path: path, name: "rule.xsd", policy: XMLSourcePolicy(roots: [dir + "/tree"]))
        let result = XMLReader.parse(Array("<rule>x</rule>".utf8), file: "r.xml", schema: { _ in schema })
        #expect(
            result.diagnostics.map(\.description) == [
                "r.xml:1:1: error: Element 'rule': 'x' is not a valid value of the atomic type 'xs:int'. [schema]"
            ])
    }

    @Test func aRelativeIncludeInsideTheTreeIsReadByTriageAndCompiled() throws {
        _ = try write(
            """
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:simpleType name="Small"><xs:restriction base="xs:int"><xs:maxInclusive value="9"/></xs:restriction></xs:simpleType>
            </xs:schema>
            """, "types.xsd")
        let path = try write(
            """
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:include schemaLocation="types.xsd"/>
              <xs:element name="rule" type="Small"/>
            </xs:schema>
            """, "rule.xsd")
        let schema = try XMLSchema(path: path, name: "rule.xsd", policy: XMLSourcePolicy(roots: [dir + "/tree"]))
        let good = XMLReader.parse(Array("<rule>7</rule>".utf8), file: "r.xml", schema: { _ in schema })
        #expect(good.diagnostics.isEmpty)
        let bad = XMLReader.parse(Array("<rule>12</rule>".utf8), file: "r.xml", schema: { _ in schema })
        #expect(
            bad.diagnostics.map(\.description) == [
                "r.xml:1:1: error: Element 'rule': [facet 'maxInclusive'] The value '12' is greater than the maximum value allowed ('9'). [schema]"
            ])
        // Compiled from bytes, with no include reader, the same schema is refused.
        #expect(throws: XMLSchema.CompileError.self) {
            try XMLSchema(bytes: Array(try String(contentsOfFile: path, encoding: .utf8).utf8), name: "rule.xsd")
        }
    }

    @Test func anIncludeLeavingTheTreeOrIncludingAgainIsRefused() throws {
        let outside = try write(
            """
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:include schemaLocation="../secret.txt"/>
              <xs:element name="rule" type="xs:string"/>
            </xs:schema>
            """, "rule.xsd")
        #expect(
            compileErrors(outside) == [
                "rule.xsd:3:3: error: <xs:include schemaLocation=\"../secret.txt\">: refused: the file resolves outside the folder being loaded (a symlink leaves the tree) [read-error]"
            ])
        #expect(!secretWasRead())
        _ = try write(
            """
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:include schemaLocation="more.xsd"/></xs:schema>
            """, "types.xsd")
        let nested = try write(
            """
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:include schemaLocation="types.xsd"/>
              <xs:element name="rule" type="xs:string"/>
            </xs:schema>
            """, "nested.xsd")
        #expect(
            compileErrors(nested) == [
                "types.xsd:2:56: error: <xs:include> is refused: schemas must be self-contained (triage never loads another file) [schema]"
            ])
    }

    @Test func aFIFOIsRefusedWithoutWaitingForAWriter() throws {
        let fifo = dir + "/tree/pipe.xml"
        #expect(mkfifo(fifo, 0o600) == 0)
        let result = XMLReader.read(path: fifo, file: "pipe.xml", policy: XMLSourcePolicy(roots: [dir + "/tree"]))
        #expect(
            result.diagnostics.map(\.description) == [
                "pipe.xml:0:0: error: refused: not a regular file (a FIFO) [read-error]"
            ])
        #expect(throws: XMLSchema.CompileError.self) {
            try XMLSchema(path: fifo, name: "pipe.xsd", policy: XMLSourcePolicy(roots: [dir + "/tree"]))
        }
    }

    @Test func aSymlinkLeavingTheTreeIsRefusedAndNotQuoted() throws {
        let link = dir + "/tree/rule.xml"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: secret)
        let result = XMLReader.read(path: link, file: "rule.xml", policy: XMLSourcePolicy(roots: [dir + "/tree"]))
        #expect(
            result.diagnostics.map(\.description) == [
                "rule.xml:0:0: error: refused: the file resolves outside the folder being loaded (a symlink leaves the tree) [read-error]"
            ])
        #expect(!secretWasRead())
        // Without roots the file's own folder is the tree.
        #expect(XMLReader.read(path: link, file: "rule.xml").document == nil)
    }

    @Test func aSymlinkInsideTheTreeIsFollowed() throws {
        let target = try write("<r/>", "real.xml")
        try FileManager.default.createSymbolicLink(atPath: dir + "/tree/alias.xml", withDestinationPath: target)
        let result = XMLReader.read(path: dir + "/tree/alias.xml", policy: XMLSourcePolicy(roots: [dir + "/tree"]))
        #expect(result.diagnostics.isEmpty)
        #expect(result.document?.root.name == "r")
    }

    @Test func anOversizedFileIsRefusedBeforeItIsRead() throws {
        let path = try write("<r>" + String(repeating: "x", count: 2_000) + "</r>", "big.xml")
        let result = XMLReader.read(
            path: path, file: "big.xml", policy: XMLSourcePolicy(roots: [dir + "/tree"], maxBytes: 1_000))
        #expect(
            result.diagnostics.map(\.description) == [
                "big.xml:0:0: error: refused: file is 2007 bytes; the limit is 1000 [read-error]"
            ])
    }

    /// Columns on one long line were counted from the line start for every tag: 13.5 s at 0.8 MB, over 60 s
    /// at 4 MB. Linear now: about 0.5 s for 1 MB in a debug build.
    @Test func aMegabyteDocumentOnOneLineParsesInLinearTime() {
        let element = "<t a=\"1\" b=\"2\">x</t>"
        let text = "<r>" + String(repeating: element, count: 1_000_000 / element.utf8.count) + "</r>"
        // CPU time of this thread, not wall time: a loaded machine must not fail the test. The quadratic
        // scan this guards against took 13.5 s at 0.8 MB; the linear one takes well under a second.
        let before = Self.threadCPUSeconds()
        let result = XMLReader.parse(Array(text.utf8), file: "line.xml")
        let elapsed = Self.threadCPUSeconds() - before
        #expect(result.diagnostics.isEmpty == true)
        #expect(
            result.document?.root.children.last.map { result.document!.location(of: $0).column }
                == text.utf8.count - element.utf8.count - 4 + 1)
        #expect(elapsed < 5)
    }

    private static func threadCPUSeconds() -> Double {
        #if canImport(Glibc)
            var spec = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
            return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
        #else
            return Double(clock()) / Double(CLOCKS_PER_SEC)
        #endif
    }
}
