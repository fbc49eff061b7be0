/// firepump's version: what `firepump --version` prints and Home Assistant shows as the
/// device's software version; `scripts/package` gives it to the Debian package (it reads this
/// line). Raise it for each release, with a new entry at the top of `deploy/debian/changelog`
/// (`scripts/package` refuses to build when they differ).
public enum FirepumpVersion {
    /// The version of this build.
    public static let current = "0.1.0"
}
