import FirepumpGPIOD
import Glibc

// Runs inside the qemu guest of scripts/gpio-sim-test: which libgpiod it runs on, every PinDriver
// contract case, the libgpiod-specific checks and whole fire runs of the pump controller against
// GPIODPinDriver on a gpio-sim chip. Prints one `PASS name` or `FAIL name: reason` line per check, `INFO` lines, and
// finally `RESULT: PASS` or `RESULT: FAIL` (the host script reads these from the serial console).

guard let options = CheckOptions(arguments: Array(CommandLine.arguments.dropFirst())) else {
    Console.line(CheckOptions.usage)
    Console.line("RESULT: FAIL")
    exit(2)
}

Console.line("== gpio-sim-check on \(options.chip), simulator controls in \(options.simDirectory)")
var runner = CheckRunner()
runner.run(LibgpiodChecks.cases(options))
runner.run(ContractChecks.cases(options))
runner.run(ErrorMessageChecks.cases(options))
runner.run(ReaderChecks.cases(options))
runner.run(FireRunChecks.cases(options))
Console.line("== \(runner.passes) passed, \(runner.failures) failed")
Console.line(runner.failures == 0 && runner.passes > 0 ? "RESULT: PASS" : "RESULT: FAIL")
exit(runner.failures == 0 ? 0 : 1)
