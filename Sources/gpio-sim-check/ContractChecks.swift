import FirepumpGPIOD
import FirepumpHAL
import FirepumpTestSupport

/// The driver-agnostic PinDriver contract, run on `GPIODPinDriver` and the simulated chip:
/// each case on a fresh driver, lines 4-7.
enum ContractChecks {
    static func cases(_ options: CheckOptions) -> [CheckCase] {
        let chip = options.chip
        let probe = GPIOSimProbe(directory: options.simDirectory)
        let contract = PinDriverContract(firstLine: 4) {
            (try GPIODPinDriver(chip: chip, consumerPrefix: "contract:"), probe)
        }
        return PinDriverContract.cases.map { contractCase in
            CheckCase("contract: \(contractCase.name)") { try contract.run(contractCase) }
        }
    }
}
