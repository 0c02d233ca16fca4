import Testing
import TriageCore

@Suite struct DisplayWidthTests {
    @Test func chineseCountsTwoColoursNothing() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("结论：") == 6)
        #expect(DisplayWidth.of("\u{1B}[1mHi\u{1B}[0m") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)
    }

    @Test func clipEndsWithEllipsisWithinTheWidth() {
        #expect(DisplayWidth.clip("abcdefgh", to: 5) == "abcd…")
        #expect(DisplayWidth.clip("计算机收到的", to: 7) == "计算机…")
        #expect(DisplayWidth.clip("short", to: 5) == "short")
    }

    @Test func wrapsAtSpacesWithPrefixes() {
        #expect(
            DisplayWidth.wrap("one two three four", width: 12, first: "- ", rest: "  ")
                == ["- one two", "  three four"])
    }

    @Test func breaksAWordLongerThanALine() {
        #expect(DisplayWidth.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
    }

    @Test func chineseBreaksBetweenCharactersButKeepsNumbersAndBracketsWhole() {
        #expect(
            DisplayWidth.wrap("原因：更新包已损坏（具体原因未知：15.6%）", width: 20)
                == ["原因：更新包已损坏", "（具体原因未知：", "15.6%）"])
        #expect(
            DisplayWidth.wrap("当前版本为 2.0。（WindowsUpdate.log:1）", width: 24)
                == ["当前版本为 2.0。", "（WindowsUpdate.log:1）"])
    }
}
