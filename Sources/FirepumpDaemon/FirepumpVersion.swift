/// firepump's version: what `firepump --version` prints and Home Assistant shows as the
/// device's software version. Raise it with every release.
public enum FirepumpVersion {
    /// The version of this build.
    public static let current = "0.1.0"
}
