import Foundation
import TriageCore
import TriageEngine
import TriageEvidence

/// A submission's bundle, read once per run and shared by every moment of the case.
package enum BundleRead: Sendable {
    case read(EvidenceSet, path: String)
    /// Not on disk. Corpus bundles are `skippable` (the shared corpus may be absent); case bundles are not.
    case missing(reason: String, skippable: Bool)
    /// On disk but unreadable.
    case failed(reason: String)

    /// The machine the bundle names (most frequent `machine` fact name, ties by text).
    package var machine: String? {
        guard case .read(let evidence, _) = self else { return nil }
        var counts: [String: Int] = [:]
        for f in evidence.facts where f.kind == FactKind.machine {
            if let name = f["name"], !name.isEmpty { counts[name, default: 0] += 1 }
        }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first?.key
    }
}

/// Case evaluation: cut the history, analyse the latest bundle of the current machine with the case's
/// observations and done procedures, filter the steps by the history, add the case findings.
package struct CaseEvaluator: Sendable {
    package let knowledge: KnowledgeBase
    package let options: AnalysisOptions
    package let limits: InputLimits
    /// Environment for ``BundleLocator`` (`TRIAGE_CORPUS`).
    package let environment: [String: String]

    package init(
        knowledge: KnowledgeBase, options: AnalysisOptions = AnalysisOptions(),
        limits: InputLimits = InputLimits(), environment: [String: String]? = nil
    ) {
        self.knowledge = knowledge
        self.options = options
        self.limits = limits
        self.environment = environment ?? ProcessInfo.processInfo.environment
    }

    /// The load → read → analyse facade over this evaluator's knowledge, options and limits.
    package var pipeline: TriagePipeline { TriagePipeline(knowledge: knowledge, options: options, limits: limits) }

    /// Reads every submission's bundle of the case, by submission id.
    package func readBundles(_ manifest: CaseManifest) -> [String: BundleRead] {
        var result: [String: BundleRead] = [:]
        let pipeline = self.pipeline
        for s in manifest.submissions where result[s.id] == nil {
            switch BundleLocator.locate(s, caseFolder: manifest.folder, environment: environment) {
            case .missing(let reason, let skippable):
                result[s.id] = .missing(reason: reason, skippable: skippable)
            case .found(let path):
                do { result[s.id] = .read(try pipeline.read(paths: [path]), path: path) } catch {
                    result[s.id] = .failed(reason: "cannot read \(s.bundle): \(error)")
                }
            }
        }
        return result
    }

    /// Evaluates the case at `cut`. `bundles` defaults to reading them now.
    package func evaluate(_ manifest: CaseManifest, cut: CaseCut, bundles: [String: BundleRead]? = nil)
        -> CaseEvaluation
    {
        let bundles = bundles ?? readBundles(manifest)
        // Outcomes the bundles show though the history does not state them (a boot log that arrived).
        let derived = DerivedOutcomes.outcomes(
            events: manifest.events(cut), bundles: bundles, procedures: knowledge.procedures)
        let stated = manifest.events(cut)
        let events =
            derived.isEmpty
            ? stated
            : (stated + derived).enumerated()
                .sorted {
                    $0.element.date != $1.element.date ? $0.element.date < $1.element.date : $0.offset < $1.offset
                }
                .map(\.element)
        var resolved: [String: String] = [:]
        for (id, read) in bundles { if let m = read.machine { resolved[id] = m } }
        let state = CaseState(events: events, resolvedMachines: resolved, text: knowledge.uiText)

        var errors: [String] = []
        var skips: [String] = []
        var evidence = EvidenceSet()
        var path: String?
        let latest = state.latestSubmission
        for s in state.submissions {
            switch bundles[s.id] {
            case .missing(let reason, let skippable)?:
                if skippable { skips.append(reason) } else { errors.append(reason) }
            case .failed(let reason)?: errors.append(reason)
            case .read(let set, let at)?:
                if s.id == latest?.id {
                    evidence = set
                    path = at
                }
            case nil: errors.append("bundle \(s.bundle) was not read")
            }
        }
        errors += observationErrors(events)
        let problem = errors.first.map(CaseEvaluation.Problem.error) ?? skips.first.map(CaseEvaluation.Problem.skipped)

        let observations = state.observedValues
        let done = state.done
        var analysis = pipeline.analyze(evidence, observations: observations, done: done)
        let steps = state.filterSteps(analysis.nextSteps.map(\.id))
        let kept = Set(steps.map(\.procedure))
        analysis.nextSteps.removeAll { !kept.contains($0.id) }
        for (i, step) in analysis.nextSteps.enumerated() {
            guard let h = steps.first(where: { $0.procedure == step.id }), h.timesRequested > 0 else { continue }
            analysis.nextSteps[i].reason = Self.annotate(step.reason, h, text: knowledge.uiText)
        }
        // The case reports collector-outdated itself (with the case's attributes).
        analysis.findings.removeAll { $0.id == CaseFinding.collectorOutdated }
        let findings = (state.findings + collectorFindings(evidence)).sorted(by: CaseFinding.stableOrder)
        return CaseEvaluation(
            state: state, submission: latest, bundlePath: path, analysis: analysis,
            steps: steps, findings: findings, result: Self.result(analysis, steps: steps, findings: findings),
            problem: problem)
    }

    /// Observations are checked against `observations.xml` as `--fact` is: a misspelt name would otherwise be
    /// silently ignored by every rule. One message per problem, with its place in the case file.
    private func observationErrors(_ events: [CaseEvent]) -> [String] {
        var errors: [String] = []
        for event in events {
            let named: [(name: String, value: String, at: SourceLocation)] =
                switch event {
                case .observation(let o): [(o.name, o.value, o.location)]
                case .outcome(let out): out.results.map { ($0.name, $0.value, out.location) }
                default: []
                }
            for o in named {
                if let problem = pipeline.observationProblem(name: o.name, value: o.value) {
                    errors.append("\(o.at): \(problem)")
                }
            }
        }
        return errors
    }

    /// What the regression compares: ranking, steps, findings, fired rules, and the places each hypothesis cites.
    private static func result(_ analysis: Analysis, steps: [StepHistory], findings: [CaseFinding]) -> CaseResult {
        var result = CaseResult(
            hypotheses: analysis.hypotheses.map { .init(id: $0.id, probability: $0.probability) },
            nextSteps: steps.map(\.procedure), findings: findings,
            firedRules: analysis.rules.filter { $0.truth == .true }.map(\.id))
        for h in analysis.hypotheses {
            var places: [String] = []
            for fact in h.support.flatMap(\.evidence) {
                let place = "\(fact.provenance.file):\(fact.provenance.line)"
                if !places.contains(place) { places.append(place) }
            }
            result.citations[h.id] = places
        }
        return result
    }

    /// Appends "Asked N times since D without a result." to a step's reason.
    static func annotate(_ reason: LocalizedText, _ h: StepHistory, text: UIText) -> LocalizedText {
        let first = h.firstRequested ?? "?"
        let last = h.lastRequested ?? "?"
        let note =
            h.timesRequested == 1
            ? text.localized("case.asked-once", [first])
            : text.localized("case.asked-times", ["\(h.timesRequested)", first, last])
        var out = reason
        for language in Language.allCases {
            let base = reason.values[language] ?? reason.values[.en] ?? ""
            out.values[language] = base.isEmpty ? note[language] : base + " " + note[language]
        }
        return out
    }

    /// `collector-outdated` for each collector the analysed bundle names (one per collector and version).
    func collectorFindings(_ evidence: EvidenceSet) -> [CaseFinding] {
        var seen: Set<String> = []
        var findings: [CaseFinding] = []
        for f in evidence.facts.sorted(by: Fact.stableOrder) where f.kind == FactKind.collector {
            guard let name = f["name"], seen.insert(name + "\u{0}" + (f["version"] ?? "")).inserted,
                let finding = CollectorCheck.outdated(
                    name: name, version: f["version"], tools: knowledge.tools,
                    text: knowledge.uiText)
            else { continue }
            if !findings.contains(finding) { findings.append(finding) }
        }
        return findings
    }

    /// Every moment of the case, in timeline order, checked against its expectation.
    package func run(_ manifest: CaseManifest) -> [MomentOutcome] {
        let bundles = readBundles(manifest)
        return manifest.expectations.map { e in
            let evaluation = evaluate(manifest, cut: .before(e), bundles: bundles)
            let status: MomentOutcome.Status
            switch evaluation.problem {
            case .skipped(let reason)?: status = .skipped(reason)
            case .error(let reason)?:
                status = .failed([CheckFailure(check: "bundle", expected: "readable", got: reason)])
            case nil:
                let failures = e.failures(against: evaluation.result)
                status = failures.isEmpty ? .passed : .failed(failures)
            }
            return MomentOutcome(caseID: manifest.id, expectation: e, evaluation: evaluation, status: status)
        }
    }
}

/// The case at one cut, evaluated.
package struct CaseEvaluation: Sendable {
    package enum Problem: Sendable, Hashable {
        /// A corpus bundle is absent: the moment cannot be judged here.
        case skipped(String)
        /// A case bundle is missing or unreadable.
        case error(String)
    }

    package var state: CaseState
    /// The submission analysed (the latest; by construction the latest of the current machine).
    package var submission: Submission?
    package var bundlePath: String?
    /// The engine's analysis, next steps already filtered by the history.
    package var analysis: Analysis
    package var steps: [StepHistory]
    package var findings: [CaseFinding]
    package var result: CaseResult
    package var problem: Problem?
}

/// One moment of a regression run.
package struct MomentOutcome: Sendable {
    package enum Status: Sendable, Hashable {
        case passed
        case failed([CheckFailure])
        case skipped(String)
    }

    package var caseID: String
    package var expectation: Expectation
    package var evaluation: CaseEvaluation
    package var status: Status
}
