internal import CTimex

/// Whether the kernel's clock is synchronised to a time source (NTP, timesyncd, chrony), as
/// `adjtimex(2)` tells it (`TIME_ERROR` while unsynchronised). A Pi without a real-time clock boots
/// with a guessed time (fake-hwclock) until then, so wall-clock time elapsed across a reboot is
/// not trusted before it.
public enum SystemClockStatus {
    public static func isSynchronized() -> Bool {
        var status = timex()
        let state = adjtimex(&status)
        return state >= 0 && state != TIME_ERROR && (status.status & STA_UNSYNC) == 0
    }
}
