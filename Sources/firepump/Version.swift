/// firepump's release version: what `firepump --version` prints, and the version `scripts/package`
/// gives the Debian package (it reads this line). Raise it for each release, with a new entry at
/// the top of `deploy/debian/changelog` (`scripts/package` refuses to build when they differ).
let firepumpVersion = "0.1.0"
