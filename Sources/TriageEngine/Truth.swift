/// Three-valued truth (Kleene): a condition is `unknown` when the evidence it needs was not collected
/// or the observation it needs was never made.
public enum Truth: String, Sendable, Hashable, Codable {
    case `true`
    case `false`
    case unknown

    public init(_ value: Bool) { self = value ? .true : .false }

    public static prefix func ! (value: Truth) -> Truth {
        switch value {
        case .true: .false
        case .false: .true
        case .unknown: .unknown
        }
    }
}
