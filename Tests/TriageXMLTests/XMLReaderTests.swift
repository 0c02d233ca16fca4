import Testing
import TriageCore

@testable import TriageXML

private func parse(_ text: String, schema: XMLSchema? = nil) -> XMLReadResult {
    XMLReader.parse(Array(text.utf8), file: "t.xml", schema: { _ in schema })
}

private func messages(_ result: XMLReadResult) -> [String] { result.diagnostics.map(\.description) }

@Test func startTagSpanningLinesReportsLineOfLessThan() throws {
    let text = """
        <?xml version="1.0"?>
        <rule id="a/b"
              severity="error"
              other="x">
          <title lang="en">T</title><title lang="zh-CN">标题</title>
          <when
            ><all/></when>
        </rule>
        """
    let result = parse(text)
    #expect(result.diagnostics.isEmpty)
    let root = try #require(result.document?.root)
    #expect(root.name == "rule")
    #expect(root.line == 2 && root.column == 1)
    #expect(
        root.attributes.map { "\($0.name)=\($0.value)@\($0.line):\($0.column)" }
            == ["id=a/b@2:7", "severity=error@3:7", "other=x@4:7"])
    #expect(
        root.children.map { "\($0.name)@\($0.line):\($0.column)" }
            == ["title@5:3", "title@5:29", "when@6:3"])
    #expect(root.children[1].attributes[0].column == 36)
    #expect(root.children[1].text == "标题")
    #expect(root.children[2].children.map { "\($0.name)@\($0.line):\($0.column)" } == ["all@7:6"])
}

@Test func commentsAndCDATAContainingTagsDoNotShiftPositions() throws {
    let text = "<a>\n<!-- <b> -->\n<c><![CDATA[<d>\n>>x]]></c>\n<?pi <e>?><f/></a>"
    let result = parse(text)
    let root = try #require(result.document?.root)
    #expect(root.children.map { "\($0.name)@\($0.line):\($0.column)" } == ["c@3:1", "f@5:11"])
    #expect(root.children[0].text == "<d>\n>>x")
    #expect(root.children[0].contentLine == 3)
}

@Test func malformedXMLReportsLineAndColumn() {
    let result = parse("<rule>\n  <title lang=\"en\">x</title>\n  <when><all></when>\n</rule>\n")
    #expect(
        messages(result).first == "t.xml:3:21: error: Opening and ending tag mismatch: all line 3 and when [xml-syntax]"
    )
}

@Test func doctypeIsRefusedAtItsLine() {
    let result = parse("<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x \"y\">]>\n<r>&x;</r>")
    #expect(
        messages(result) == [
            "t.xml:2:1: error: DOCTYPE declarations are not allowed in knowledge files (DTDs and entities are never loaded) [doctype]"
        ])
    #expect(result.document == nil)
}

@Test func nonUTF8IsRefusedWithPosition() {
    var bytes = Array("<r>\n  caf".utf8)
    bytes.append(0xE9)
    bytes += Array("</r>".utf8)
    let result = XMLReader.parse(bytes, file: "t.xml")
    #expect(
        messages(result) == [
            "t.xml:2:6: error: file is not valid UTF-8 (byte 0xE9); knowledge files must be UTF-8 [encoding]"
        ])
}

/// The encoding check skips ASCII a word at a time and counts lines only when it found a problem: the
/// position is still that of the first bad sequence, after multi-byte characters and many lines.
@Test func nonUTF8DeepInAFileIsRefusedWithPosition() {
    var bytes = Array("<r>\n".utf8)
    for _ in 0..<300 { bytes += Array("  <a k=\"\u{4E2D}\u{6587} caf\u{E9}\"/>\n".utf8) }
    bytes += Array("  \u{1F600}ab".utf8) + [0xED, 0xA0, 0x80] + Array("</r>".utf8)
    #expect(
        EncodingCheck.problem(in: bytes).map { "\($0.line):\($0.column) \($0.message)" }
            == "302:6 file is not valid UTF-8 (byte 0xED); knowledge files must be UTF-8")
    #expect(EncodingCheck.problem(in: Array(bytes.dropLast(7)) + Array("</r>".utf8)) == nil)
    #expect(EncodingCheck.problem(in: [0xEF, 0xBB, 0xBF] + Array("<r>\u{E9}</r>".utf8)) == nil)
    #expect(EncodingCheck.problem(in: [0xEF, 0xBB, 0xBF] + Array("<r>".utf8) + [0xC3])?.column == 4)
}

@Test func schemaErrorsGetTheElementColumn() throws {
    let xsd = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:element name="r"><xs:complexType><xs:sequence>
            <xs:element name="a" minOccurs="0" maxOccurs="unbounded"><xs:complexType>
              <xs:attribute name="k"><xs:simpleType><xs:restriction base="xs:string">
                <xs:enumeration value="x"/></xs:restriction></xs:simpleType></xs:attribute>
            </xs:complexType></xs:element>
          </xs:sequence></xs:complexType></xs:element>
        </xs:schema>
        """
    let schema = try XMLSchema(bytes: Array(xsd.utf8), name: "r.xsd")
    let result = parse("<r>\n  <a k=\"x\"/> <a\n   k=\"y\"/>\n  <b/>\n</r>", schema: schema)
    #expect(
        messages(result) == [
            "t.xml:3:4: error: Element 'a', attribute 'k': [facet 'enumeration'] The value 'y' is not an element of the set {'x'}. [schema]",
            "t.xml:4:3: error: Element 'b': This element is not expected. Expected is ( a ). [schema]"
        ])
}
