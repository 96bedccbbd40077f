import EditorialCore
import EditorialRuntime
import Testing

struct VersionTests {
    @Test func versionIsSemantic() {
        #expect(EditorialVersion.current.split(separator: ".").count == 3)
    }
}
