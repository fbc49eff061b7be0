import FirepumpCore

extension PumpController {
    /// Turns `EXERCISE_SCHEDULE` into the machine's next due instant, at the edge: local time
    /// through ``Environment/utcOffset``, the wall clock through ``Environment/wallClock``
    /// (see ``PumpStateMachine/exerciseToSchedule(clock:checkingSaved:utcOffset:)``).
    func scheduleExercise(checkingSaved: Bool) {
        let clock = ClockReading(monotonic: now, wall: WallInstant(secondsSinceEpoch: environment.wallClock()))
        guard let due = machine.exerciseToSchedule(clock: clock, checkingSaved: checkingSaved, utcOffset: environment.utcOffset) else { return }
        handle(.exerciseScheduled(due), at: now)
    }
}
