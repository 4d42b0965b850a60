namespace SkyHedge.Router.Tests.Harness;

/// <summary>A RUN instruction as replayed: the command after substitution (container paths as written), the host
/// command line it became, its exit code and everything it printed.</summary>
internal sealed record ReplayedRun(DockerInstruction Instruction, IReadOnlyList<string> Command, string HostCommandLine, int ExitCode, string Output);
