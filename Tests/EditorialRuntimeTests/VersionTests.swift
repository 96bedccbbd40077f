import EditorialRuntime
import Testing

struct VersionTests {
    @Test func versionIsSemantic() {
        #expect(EditorialdVersion.current.split(separator: ".").count == 3)
    }
}
