import Foundation
import TriageCore
import TriageEngine
import TriageKnowledge

/// `triage-bench load [--rules DIR] [--knowledge DIR] [--generate N]`: time loading + validating + linting
/// the shipped knowledge, then a generated set of N rules (default 5,000), in ms per 1,000 rules.
enum LoadBenchmark {
    static func run(_ arguments: [String]) throws {
        var rules = "Rules"
        var knowledge = "KnowledgeBase"
        var generate = 5000
        var i = 0
        while i < arguments.count {
            let value = i + 1 < arguments.count ? arguments[i + 1] : ""
            switch arguments[i] {
            case "--rules": rules = value
            case "--knowledge": knowledge = value
            case "--generate": generate = Int(value) ?? generate
            default:
                print("usage: triage-bench load [--rules DIR] [--knowledge DIR] [--generate N]")
                exit(64)
            }
            i += 2
        }
        let shipped = measure { TriagePipeline.loadKnowledge(rulesDirectory: rules, knowledgeDirectory: knowledge) }
        print(
            String(
                format: "shipped: %d files, %d rules, %d diagnostics: best %.1f ms, median %.1f ms (target < 50 ms)",
                shipped.result.files.count, shipped.result.knowledgeBase.rules.count,
                shipped.result.diagnostics.count, shipped.best, shipped.median))

        let root = NSTemporaryDirectory() + "triage-bench-\(ProcessInfo.processInfo.processIdentifier)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        for count in Array(Set([generate / 5, generate])).sorted() where count > 0 {
            try? FileManager.default.removeItem(atPath: root)
            try generateKnowledge(at: root, rules: count, schemasFrom: (rules, knowledge))
            let generated = measure(runs: 3) {
                TriagePipeline.loadKnowledge(
                    rulesDirectory: root + "/Rules", knowledgeDirectory: root + "/KnowledgeBase")
            }
            print(
                String(
                    format: "generated: %d rules, %d diagnostics: best %.1f ms = %.1f ms per 1,000 rules",
                    generated.result.knowledgeBase.rules.count, generated.result.diagnostics.count,
                    generated.best, generated.best * 1000 / Double(count)))
        }
    }

    static func measure(runs: Int = 5, _ body: () -> KnowledgeLoadResult)
        -> (result: KnowledgeLoadResult, best: Double, median: Double)
    {
        var times: [Double] = []
        var result = KnowledgeLoadResult(knowledgeBase: KnowledgeBase(), diagnostics: [])
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            result = body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        times.sort()
        return (result, times[0], times[times.count / 2])
    }

    /// A self-consistent knowledge base: the shipped schemas and fact kinds, one hypothesis, one procedure,
    /// and `rules` rules of typical size (three-part condition, two examples) in areas of 100.
    static func generateKnowledge(at root: String, rules: Int, schemasFrom: (rules: String, knowledge: String)) throws {
        let fm = FileManager.default
        for folder in ["Rules", "KnowledgeBase/hypotheses", "KnowledgeBase/procedures"] {
            try fm.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        try fm.copyItem(atPath: schemasFrom.rules + "/rule.xsd", toPath: root + "/Rules/rule.xsd")
        for name in ["hypothesis", "procedure", "error-codes", "signatures", "fact-kinds", "observations", "tools"] {
            try fm.copyItem(atPath: "\(schemasFrom.knowledge)/\(name).xsd", toPath: "\(root)/KnowledgeBase/\(name).xsd")
        }
        try fm.copyItem(
            atPath: schemasFrom.knowledge + "/fact-kinds.xml", toPath: root + "/KnowledgeBase/fact-kinds.xml")
        try """
        <hypothesis id="bench-cause" prior="0.1">
          <title lang="en">Benchmark cause</title><title lang="zh-CN">基准原因</title>
          <remedy procedure="bench-step"/>
        </hypothesis>
        """.write(toFile: root + "/KnowledgeBase/hypotheses/bench-cause.xml", atomically: false, encoding: .utf8)
        try """
        <procedure id="bench-step" kind="collect">
          <title lang="en">Benchmark step</title><title lang="zh-CN">基准步骤</title>
          <cost minutes="5" reboot="false" admin="true" risk="none"/>
          <steps lang="en"><step>Do it.<command>echo done</command></step></steps>
          <steps lang="zh-CN"><step>执行。<command>echo done</command></step></steps>
        </procedure>
        """.write(toFile: root + "/KnowledgeBase/procedures/bench-step.xml", atomically: false, encoding: .utf8)
        for n in 0..<rules {
            let area = "area\(n / 100)"
            if n % 100 == 0 {
                try fm.createDirectory(atPath: "\(root)/Rules/\(area)", withIntermediateDirectories: true)
            }
            let code = String(format: "0x800f%04x", n % 0x10000)
            try """
            <?xml version="1.0" encoding="UTF-8"?>
            <rule id="\(area)/rule\(n)">
              <title lang="en">Generated rule \(n)</title>
              <title lang="zh-CN">生成的规则 \(n)</title>
              <summary lang="en">A rule of typical size for the load benchmark.</summary>
              <when>
                <all>
                  <count atLeast="2"><fact kind="error-code" in="cbs"><attr name="code" equals="\(code)"/></fact></count>
                  <fact kind="install-attempt"><attr name="result" oneOf="failed pending"/></fact>
                  <not><fact kind="rollback"><attr name="phase" equals="startup"/></fact></not>
                </all>
              </when>
              <conclude>
                <supports hypothesis="bench-cause" strength="moderate"/>
                <recommends procedure="bench-step"/>
              </conclude>
              <examples>
                <fires name="two errors">
                  <log name="CBS.log"><![CDATA[
            2022-11-07 09:15:44, Info                  CBS    Exec: Processing started.
            >>2022-11-07 09:15:45, Error                 CBS    Failed. [HRESULT = \(code)]
            >>2022-11-07 09:15:46, Error                 CBS    Failed. [HRESULT = \(code)]
            ]]></log>
                </fires>
                <silent name="healthy">
                  <log name="CBS.log"><![CDATA[
            2022-11-07 09:15:44, Info                  CBS    Exec: Processing complete.
            ]]></log>
                </silent>
              </examples>
            </rule>
            """.write(toFile: "\(root)/Rules/\(area)/rule\(n).xml", atomically: false, encoding: .utf8)
        }
    }
}
