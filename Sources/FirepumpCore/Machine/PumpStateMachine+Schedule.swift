/// What the owner hands the machine for `EXERCISE_SCHEDULE` (the edge's half of the schedule:
/// it alone knows the wall clock and the time zone).
extension PumpStateMachine {
    /// The due instant the owner should hand over with ``PumpEvent/exerciseScheduled(_:)``, or
    /// `nil` when nothing needs handing over: no schedule, or one is already held (with
    /// `checkingSaved`, at start, one is handed over when the held one is not the schedule's,
    /// as after a change of the setting). The next slot follows the last one handled (saved
    /// with the state), so a restart neither repeats nor loses one.
    /// - Parameters:
    ///   - clock: the monotonic instant of the step just handled and the wall clock at it.
    ///   - utcOffset: the local time zone's offset from UTC, seconds east, at a wall-clock instant.
    public func exerciseToSchedule(clock: ClockReading, checkingSaved: Bool, utcOffset: (WallInstant) -> Int) -> Instant? {
        guard let schedule = config.exerciseSchedule else { return nil }
        let held = state.exerciseDue
        guard held == nil || checkingSaved else { return nil }
        let due = schedule.due(lastSlot: state.lastExerciseSlot.map(clock.wall), now: clock.wall, grace: Self.exerciseGrace, utcOffset: utcOffset)
        let instant = clock.monotonic(due)
        // A held instant went through the wall clock and back: equal within a second.
        if let held, abs(held - instant) < 1 { return nil }
        return instant
    }
}
