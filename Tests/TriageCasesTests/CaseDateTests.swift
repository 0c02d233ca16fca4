import Testing

@testable import TriageCases

@Suite struct CaseDateTests {
    @Test func parsesDaysAndTimes() {
        #expect(CaseDate("2022-10-24")?.description == "2022-10-24")
        #expect(CaseDate("2022-10-24T16:12")?.description == "2022-10-24T16:12")
        #expect(CaseDate("2022-10-24 16:12:18")?.description == "2022-10-24T16:12:18")
        #expect(CaseDate("2022-13-01") == nil)
        #expect(CaseDate("22-10-24") == nil)
        #expect(CaseDate("2022-10-24T25:00") == nil)
        #expect(CaseDate("") == nil)
    }

    @Test func ordersByDayThenTime() {
        let a = CaseDate("2022-10-24")!
        let b = CaseDate("2022-10-24T09:00")!
        let c = CaseDate("2022-10-25")!
        #expect(a < b && b < c)
        #expect(b.isOnOrBefore(a))  // a day-only cut includes the whole day
        #expect(!CaseDate("2022-10-24T10:00")!.isOnOrBefore(b))
        #expect(!c.isOnOrBefore(b))
    }

    @Test func countsDaysAcrossMonthsAndLeapYears() {
        #expect(CaseDate("2022-10-28")!.days(until: CaseDate("2022-11-17")!) == 20)
        #expect(CaseDate("2024-02-28")!.days(until: CaseDate("2024-03-01")!) == 2)
        #expect(CaseDate("2023-02-28")!.days(until: CaseDate("2023-03-01")!) == 1)
        #expect(CaseDate("2022-12-31")!.days(until: CaseDate("2023-01-01")!) == 1)
    }
}
