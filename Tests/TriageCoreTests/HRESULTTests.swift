import Testing
import TriageCore

@Test(arguments: [
    "0x800f0821", "0X800F0821", "800F0821", "800f0821", "[800F0821]", "(0x800f0821)", "2148468769",
    "-2146498527", " 0x800f0821 ", "0x800f0821L", "0x800F0821UL", "800F0821h", "0x800f0821,", "+2148468769"
])
func everyFormParsesToTheSameValue(_ text: String) {
    #expect(HRESULT(parsing: text) == HRESULT(0x800F_0821))
}

@Test(arguments: ["", "0x", "xyz", "0x1234567890", "-", "4294967296", "-2147483649", "L", "0xG0000000", "[]"])
func nonNumbersAreRejected(_ text: String) {
    #expect(HRESULT(parsing: text) == nil)
}

@Test func formsAndFields() throws {
    let code = try #require(HRESULT(parsing: "0x80070002"))
    #expect(code.hex == "0x80070002" && code.upperHex == "0x80070002")
    #expect(HRESULT(0xC190_0A1F).hex == "0xc1900a1f" && HRESULT(0xC190_0A1F).upperHex == "0xC1900A1F")
    #expect(HRESULT(0).hex == "0x00000000" && HRESULT(0xFFFF_FFFF).upperHex == "0xFFFFFFFF")
    #expect(code.signed == -2_147_024_894)
    #expect(code.isFailure && code.isWin32 && code.facility == 7 && code.code == 2)
    #expect(HRESULT(parsing: "2") == HRESULT(2))
    #expect(HRESULT.hresultFromWin32(2) == code)
    #expect(HRESULT.hresultFromWin32(0) == HRESULT(0))
    #expect(HRESULT(parsing: "0x00240001")?.isFailure == false)
    #expect(HRESULT(parsing: "-1") == HRESULT(0xFFFF_FFFF))
    #expect(HRESULT(parsing: "0xC1900101")?.facility == 0x190)
    // DESIGN.md and the issue quote 2148469793 as 0x800F0821; it is 0x800F0C21 (0x800F0821 is 2148468769).
    #expect(HRESULT(parsing: "2148469793") == HRESULT(0x800F_0C21))
}
