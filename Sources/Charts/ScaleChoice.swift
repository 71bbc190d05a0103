/// How the value axis is scaled.
public enum ScaleChoice: Sendable, Hashable {
    case linear
    case logarithmic
    /// Logarithmic when every value is above zero and the data spans more than two decades, else linear.
    case automatic
}
