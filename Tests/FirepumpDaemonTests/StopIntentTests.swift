import FirepumpDaemon
import Testing

/// `firepump stop-request`'s decision (issue 9 item 3): only a restart job of the unit hands a
/// run over; a stop job, no job or an answer that cannot be read is a stop. There is no systemd
/// here: these are the lines `systemctl list-jobs --no-legend --full --no-pager <unit>` prints.
@Suite("What systemd is doing to the unit")
struct StopIntentTests {
    @Test("systemctl restart (and a package upgrade's restart): hand over", arguments: [
        "4242 firepump.service restart running\n",
        "  77   firepump.service   restart   running  ",
        "15 other.service start waiting\n16 firepump.service restart running\n",
    ])
    func restartHandsOver(listing: String) {
        #expect(StopIntent.fromJobListing(listing, unit: "firepump.service") == .handOver)
    }

    @Test("systemctl stop, a shutdown or an isolate: a stop job is a stop")
    func stopJobStops() {
        #expect(StopIntent.fromJobListing("4243 firepump.service stop running\n", unit: "firepump.service") == .stop(why: "stop job for firepump.service"))
        #expect(StopIntent.fromJobListing("4244 firepump.service reload running\n", unit: "firepump.service") == .stop(why: "reload job for firepump.service"))
    }

    @Test("no job (the main process ended by itself, or systemctl printed nothing): a stop", arguments: [
        "", "\n\n", "No jobs running.\n", "15 other.service restart running\n",
    ])
    func noJobStops(listing: String) {
        #expect(StopIntent.fromJobListing(listing, unit: "firepump.service") == .stop(why: "no job for firepump.service"))
    }

    @Test("a restart of a unit whose name only starts like ours is not our restart")
    func otherUnitIsNotOurs() {
        #expect(StopIntent.fromJobListing("9 firepump.service.d restart running\n9 firepump restart running", unit: "firepump.service") != .handOver)
    }

    @Test("output that does not read as one job per unit is a stop, never a handover", arguments: [
        "x firepump.service restart running\n",
        "1 firepump.service restart running\n2 firepump.service stop waiting\n",
        "firepump.service restart\n",
    ])
    func unreadableStops(listing: String) {
        guard case .stop = StopIntent.fromJobListing(listing, unit: "firepump.service") else {
            Issue.record("\(listing.debugDescription) was read as a handover")
            return
        }
    }

    @Test("a process has ended when its stat says zombie or dead, also with spaces and parentheses in its name", arguments: [
        ("1234 (firepump) Z 1 1234 1234 0 -1", true),
        ("1234 (firepump) X 1 1234", true),
        ("1234 (fire pump) (x)) Z 1", true),
        ("1234 (firepump) S 1 1234 1234 0 -1", false),
        ("1234 (Z) R 1", false),
        ("garbage", false),
    ])
    func processEnded(stat: String, ended: Bool) {
        #expect(StopIntent.processEnded(stat: stat) == ended)
    }
}
