import FirepumpHAL

extension PinDriverContract {
    static let outputCases: [Case] = [
        Case(name: "output starts at its initial level in the request") { bench, line in
            try bench.driver.requestOutput(OutputRequest(line: line, initiallyActive: false, activeLow: false, consumer: "t"))
            try bench.driver.requestOutput(OutputRequest(line: line + 1, initiallyActive: true, activeLow: false, consumer: "t"))
            try expect(try bench.probe.outputLevel(line: line) == .low, "inactive active-high output is not low")
            try expect(try bench.probe.outputLevel(line: line + 1) == .high, "active active-high output is not high")
            try expect(try bench.driver.isActive(line: line + 1), "active output reads back inactive")
        },
        Case(name: "set drives an active-high output and reads back") { bench, line in
            try bench.driver.requestOutput(OutputRequest(line: line, initiallyActive: false, activeLow: false, consumer: "t"))
            try bench.driver.set(line: line, active: true)
            try expect(try bench.probe.outputLevel(line: line) == .high, "set active did not drive high")
            try expect(try bench.driver.isActive(line: line), "reads back inactive after set active")
            try bench.driver.set(line: line, active: false)
            try expect(try bench.probe.outputLevel(line: line) == .low, "set inactive did not drive low")
            try expect(!(try bench.driver.isActive(line: line)), "reads back active after set inactive")
        },
        Case(name: "active-low output is high when inactive and low when active") { bench, line in
            try bench.driver.requestOutput(OutputRequest(line: line, initiallyActive: false, activeLow: true, consumer: "t"))
            try expect(try bench.probe.outputLevel(line: line) == .high, "inactive active-low output is not high")
            try bench.driver.set(line: line, active: true)
            try expect(try bench.probe.outputLevel(line: line) == .low, "active active-low output is not low")
            try expect(try bench.driver.isActive(line: line), "active-low output reads back inactive")
        },
        Case(name: "a released line can be requested again") { bench, line in
            try bench.driver.requestOutput(OutputRequest(line: line, initiallyActive: false, activeLow: false, consumer: "t"))
            try bench.driver.release(line: line)
            try bench.driver.requestOutput(OutputRequest(line: line, initiallyActive: true, activeLow: false, consumer: "t"))
            try expect(try bench.probe.outputLevel(line: line) == .high, "re-requested output did not take its initial level")
        },
    ]

    static let inputCases: [Case] = [
        Case(name: "an open input reads its pull") { bench, line in
            let ignore: @Sendable (EdgeEvent) -> Void = { _ in }
            try bench.driver.requestInput(InputRequest(line: line, activeLow: false, pull: .up, edges: .none, consumer: "t"), onEdge: ignore)
            try bench.driver.requestInput(InputRequest(line: line + 1, activeLow: false, pull: .down, edges: .none, consumer: "t"), onEdge: ignore)
            try bench.driver.requestInput(InputRequest(line: line + 2, activeLow: true, pull: .up, edges: .none, consumer: "t"), onEdge: ignore)
            try expect(try bench.driver.isActive(line: line), "pull-up active-high input reads inactive")
            try expect(!(try bench.driver.isActive(line: line + 1)), "pull-down active-high input reads active")
            try expect(!(try bench.driver.isActive(line: line + 2)), "pull-up active-low input reads active")
        },
        Case(name: "a driven input follows its wire, with polarity") { bench, line in
            let ignore: @Sendable (EdgeEvent) -> Void = { _ in }
            try bench.driver.requestInput(InputRequest(line: line, activeLow: true, pull: .up, edges: .none, consumer: "t"), onEdge: ignore)
            try bench.probe.driveInput(line: line, to: .low)
            try expect(try bench.driver.isActive(line: line), "active-low input driven low reads inactive")
            try bench.probe.driveInput(line: line, to: .high)
            try expect(!(try bench.driver.isActive(line: line)), "active-low input driven high reads active")
        },
        Case(name: "both-edge input reports rising and falling in order") { bench, line in
            let recorder = EdgeRecorder()
            try bench.probe.driveInput(line: line, to: .low)
            try bench.driver.requestInput(InputRequest(line: line, activeLow: false, pull: .down, edges: .both, consumer: "t"), onEdge: recorder.callback)
            try bench.probe.driveInput(line: line, to: .high)
            try expect(recorder.wait(forCount: 1).map(\.kind) == [.rising], "no rising edge after driving high")
            try bench.probe.driveInput(line: line, to: .low)
            let kinds = recorder.wait(forCount: 2).map(\.kind)
            try expect(kinds == [.rising, .falling], "edges were \(kinds), expected rising then falling")
            try expect(recorder.received.allSatisfy { $0.line == line }, "edge reported on the wrong line")
        },
        Case(name: "edges on an active-low input are logical") { bench, line in
            let recorder = EdgeRecorder()
            try bench.probe.driveInput(line: line, to: .high)
            try bench.driver.requestInput(InputRequest(line: line, activeLow: true, pull: .up, edges: .both, consumer: "t"), onEdge: recorder.callback)
            try bench.probe.driveInput(line: line, to: .low)
            let kinds = recorder.wait(forCount: 1).map(\.kind)
            try expect(kinds == [.rising], "driving an active-low input low gave \(kinds), expected rising (became active)")
        },
        Case(name: "rising-only detection drops falling edges") { bench, line in
            let recorder = EdgeRecorder()
            try bench.probe.driveInput(line: line, to: .low)
            try bench.driver.requestInput(InputRequest(line: line, activeLow: false, pull: .down, edges: .rising, consumer: "t"), onEdge: recorder.callback)
            try bench.probe.driveInput(line: line, to: .high)
            // A kernel chip may fold a second rising edge into the first while that one's
            // interrupt is still pending (gpio-sim does), so let the first arrive before the next.
            _ = recorder.wait(forCount: 1)
            try bench.probe.driveInput(line: line, to: .low)
            try bench.probe.driveInput(line: line, to: .high)
            let kinds = recorder.wait(forCount: 2).map(\.kind)
            try expect(kinds == [.rising, .rising], "rising-only input reported \(kinds)")
        },
        Case(name: "a released input reports no more edges") { bench, line in
            let recorder = EdgeRecorder()
            try bench.probe.driveInput(line: line, to: .low)
            try bench.driver.requestInput(InputRequest(line: line, activeLow: false, pull: .down, edges: .both, consumer: "t"), onEdge: recorder.callback)
            try bench.driver.release(line: line)
            try bench.probe.driveInput(line: line, to: .high)
            let events = recorder.wait(forCount: 1, timeout: 0.3)
            try expect(events.isEmpty, "released input still reported \(events)")
        },
    ]

    static let misuseCases: [Case] = [
        Case(name: "requesting a line twice is busy and names the holder") { bench, line in
            try bench.driver.requestOutput(OutputRequest(line: line, initiallyActive: false, activeLow: false, consumer: "holder"))
            try expectError(.lineBusy, "second request") {
                try bench.driver.requestOutput(OutputRequest(line: line, initiallyActive: false, activeLow: false, consumer: "t"))
            }
            do {
                try bench.driver.requestInput(InputRequest(line: line, activeLow: false, pull: .none, edges: .none, consumer: "t")) { _ in }
            } catch let error as PinDriverError {
                try expect(error.description.contains("\(line)") && error.description.contains(bench.driver.chipName),
                           "busy message does not name line and chip: \(error)")
                return
            }
            throw ContractFailure("requesting a held line as input succeeded")
        },
        Case(name: "setting an input is refused") { bench, line in
            try bench.driver.requestInput(InputRequest(line: line, activeLow: false, pull: .down, edges: .none, consumer: "t")) { _ in }
            try expectError(.notAnOutput, "set on input") { try bench.driver.set(line: line, active: true) }
        },
        Case(name: "touching a line never requested is refused") { bench, line in
            try expectError(.lineNotRequested, "set") { try bench.driver.set(line: line, active: true) }
            try expectError(.lineNotRequested, "get") { _ = try bench.driver.isActive(line: line) }
            try expectError(.lineNotRequested, "release") { try bench.driver.release(line: line) }
        },
        Case(name: "a line beyond the chip is out of range") { bench, _ in
            let beyond = bench.driver.lineCount
            try expectError(.lineOutOfRange, "request line \(beyond)") {
                try bench.driver.requestOutput(OutputRequest(line: beyond, initiallyActive: false, activeLow: false, consumer: "t"))
            }
            try expectError(.lineOutOfRange, "request line -1") {
                try bench.driver.requestOutput(OutputRequest(line: -1, initiallyActive: false, activeLow: false, consumer: "t"))
            }
        },
    ]
}
