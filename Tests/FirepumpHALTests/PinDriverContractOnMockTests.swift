import FirepumpHAL
import FirepumpTestSupport
import Testing

@Suite("PinDriver contract on the mock")
struct PinDriverContractOnMockTests {
    let contract = PinDriverContract {
        let mock = MockPinDriver()
        return (mock, mock)
    }

    @Test(arguments: PinDriverContract.cases)
    func holds(_ contractCase: PinDriverContract.Case) throws {
        try contract.run(contractCase)
    }
}
