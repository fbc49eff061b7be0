import FirepumpCore
import Testing

@Suite("Output levels")
struct OutputLevelsTests {
    @Test("every output has a level of its own: switching one on or off leaves the others as they are", arguments: Output.allCases)
    func ownLevel(_ output: Output) {
        var levels = OutputLevels.safe
        levels[output] = true
        for other in Output.allCases {
            #expect(levels[other] == (other == output), "\(other)")
        }
        var allOn = OutputLevels.safe
        for each in Output.allCases { allOn[each] = true }
        allOn[output] = false
        for other in Output.allCases {
            #expect(allOn[other] == (other != output), "\(other)")
        }
        levels[output] = false
        #expect(levels == .safe)
    }

    @Test("levels set one at a time read back as set, every other output off")
    func namedLevels() {
        var levels = OutputLevels.safe
        levels[.mainValve] = true
        levels[.rpmReduce] = true
        #expect(levels[.mainValve] && levels[.rpmReduce])
        #expect(Output.allCases.filter { levels[$0] } == [.mainValve, .rpmReduce])
        levels[.ignitionOff] = true
        #expect(levels[.ignitionOff] && !levels[.ignitionOn] && !levels[.ignitionStart] && !levels[.refillValve] && !levels[.primingValve])
    }
}
