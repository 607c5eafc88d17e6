/// The version of `forecast`, written into every output's reproducibility stamp.
public enum ForecastVersion {
    public static let current = "0.1.0"
}
