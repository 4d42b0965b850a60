using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using SkyHedge.Testing;

namespace SkyHedge.Cli.Tests.Admin;

/// <summary>The admin verbs' help and every failure that needs no admin API: usage errors, an unreachable endpoint,
/// and servers that are not the admin API.</summary>
public sealed class AdminVerbOfflineTests : IDisposable
{
    private const string Spec = "name: llm\nresources:\n  accelerators: A10G:1\n";
    private static readonly string[] Shared = ["--endpoint", "--api-key", "--timeout", "--json"];

    private readonly TempFolder _temp = new();

    public static TheoryData<string, string[]> Verbs => new()
    {
        { "up", ["SPEC"] },
        { "status", ["NAME"] },
        { "update", ["NAME", "SPEC"] },
        { "down", ["NAME"] },
        { "replicas", ["NAME"] },
        { "logs", ["NAME", "--max", "--replica"] },
    };

    [Theory]
    [MemberData(nameof(Verbs))]
    public void HelpExitsZeroAndListsTheVerbsOptions(string verb, string[] own)
    {
        var run = Cli.Run(verb, "--help");
        Assert.True(run.Code == 0, run.ToString());
        foreach (var word in own.Concat(Shared))
        {
            Assert.Contains(word, run.Out, StringComparison.Ordinal);
        }

        Assert.Contains("SKYHEDGE_ENDPOINT", run.Out, StringComparison.Ordinal);
        Assert.Contains("SKYHEDGE_API_KEY", run.Out, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Err);
    }

    [Fact]
    public void RootHelpListsEveryVerb()
    {
        var run = Cli.Run("--help");
        Assert.Equal(0, run.Code);
        foreach (var verb in new[] { "simulate", "up", "status", "update", "down", "replicas", "logs" })
        {
            Assert.Contains(verb, run.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AClosedPortIsOneLineAndExitCode3()
    {
        var port = ClosedPort();
        var run = Cli.Run("status", "--endpoint", $"http://127.0.0.1:{port}", "--api-key", "k");
        Assert.True(run.Code == 3, run.ToString());
        Assert.Equal([$"skyhedge: cannot reach the admin API at http://127.0.0.1:{port}/api: connection refused"], run.ErrLines);
        Assert.Equal(string.Empty, run.Out);
    }

    [Fact]
    public void AMissingSpecFileIsExitCode2AndNothingIsSent()
    {
        var missing = _temp.Combine("nope.yaml");
        var run = Cli.Run("up", missing, "--endpoint", $"http://127.0.0.1:{ClosedPort()}", "--api-key", "k");
        Assert.True(run.Code == 2, run.ToString());
        Assert.Equal([$"skyhedge: spec file '{missing}' does not exist"], run.ErrLines);

        run = Cli.Run("update", "llm", missing, "--endpoint", $"http://127.0.0.1:{ClosedPort()}", "--api-key", "k");
        Assert.True(run.Code == 2, run.ToString());
    }

    [Fact]
    public void AnInvalidSpecNamesTheFileLineAndColumn()
    {
        var path = _temp.Write("bad.yaml", "name: llm\nresources:\n  acelerators: A10G:1\n");
        var run = Cli.Run("up", path, "--endpoint", $"http://127.0.0.1:{ClosedPort()}", "--api-key", "k");
        Assert.True(run.Code == 2, run.ToString());
        var line = Assert.Single(run.ErrLines);
        Assert.StartsWith($"skyhedge: invalid spec: {path}:3:3: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void UpdateRefusesASpecOfAnotherService()
    {
        var path = _temp.Write("other.yaml", Spec.Replace("llm", "other", StringComparison.Ordinal));
        var run = Cli.Run("update", "llm", path, "--endpoint", $"http://127.0.0.1:{ClosedPort()}", "--api-key", "k");
        Assert.True(run.Code == 2, run.ToString());
        Assert.Contains("names service 'other', not 'llm'", Assert.Single(run.ErrLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("up")] // SPEC missing
    [InlineData("down")] // NAME missing
    [InlineData("logs", "llm", "--max", "many")]
    [InlineData("status", "--no-such-option")]
    public void ParseErrorsAreExitCode2(params string[] args)
    {
        var run = Cli.Run(args);
        Assert.True(run.Code == 2, run.ToString());
        Assert.NotEqual(string.Empty, run.Err);
    }

    [Theory]
    [InlineData("--endpoint", "not a url", "--endpoint")]
    [InlineData("--endpoint", "ftp://127.0.0.1:7071", "--endpoint")]
    [InlineData("--timeout", "0", "--timeout")]
    [InlineData("--max", "0", "--max")]
    public void BadOptionValuesAreOneLineAndExitCode2(string option, string value, string named)
    {
        string[] endpoint = option == "--endpoint" ? [] : ["--endpoint", $"http://127.0.0.1:{ClosedPort()}"];
        var run = Cli.Run(["logs", "llm", "--api-key", "k", .. endpoint, option, value]);
        Assert.True(run.Code == 2, run.ToString());
        Assert.StartsWith($"skyhedge: {named}", Assert.Single(run.ErrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void JsonBeforeTheNameIsRefusedRatherThanWrittenToAFileNamedLikeTheService()
    {
        var run = Cli.Run("status", "--json", "llm", "--api-key", "k", "--endpoint", $"http://127.0.0.1:{ClosedPort()}");
        Assert.True(run.Code == 2, run.ToString());
        Assert.StartsWith("skyhedge: --json llm: FILE needs an extension or a folder", Assert.Single(run.ErrLines), StringComparison.Ordinal);
        Assert.False(File.Exists("llm"));
    }

    [Fact]
    public void NoApiKeyIsExitCode2()
    {
        if (Environment.GetEnvironmentVariable("SKYHEDGE_API_KEY") is { Length: > 0 })
        {
            return; // the environment supplies one
        }

        var run = Cli.Run("status", "--endpoint", $"http://127.0.0.1:{ClosedPort()}");
        Assert.True(run.Code == 2, run.ToString());
        Assert.Equal(["skyhedge: no admin API key: pass --api-key KEY or set SKYHEDGE_API_KEY"], run.ErrLines);
    }

    [Fact]
    public async Task NoAnswerWithinTheTimeoutIsExitCode3()
    {
        await using var server = await LoopbackHttpServer.StartAsync(async ctx => await Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted));
        var run = Cli.Run("status", "--endpoint", server.Address, "--api-key", "k", "--timeout", "0.3");
        Assert.True(run.Code == 3, run.ToString());
        Assert.Equal([$"skyhedge: no answer from the admin API at {server.Address}/api within 0.3 s (--timeout)"], run.ErrLines);
    }

    [Fact]
    public async Task AnAnswerThatIsNotJsonIsExitCode1()
    {
        await using var server = await LoopbackHttpServer.StartAsync(ctx => ctx.Response.WriteAsync("<html>hello</html>"));
        var run = Cli.Run("status", "--endpoint", server.Address, "--api-key", "k");
        Assert.True(run.Code == 1, run.ToString());
        Assert.Contains("malformed JSON", Assert.Single(run.ErrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnErrorPageThatIsNotProblemDetailsIsOneLineAndExitCode1()
    {
        await using var server = await LoopbackHttpServer.StartAsync(ctx =>
        {
            ctx.Response.StatusCode = 502;
            return ctx.Response.WriteAsync("<html>\n<body>upstream down</body>\n</html>");
        });
        var run = Cli.Run("replicas", "llm", "--endpoint", server.Address + "/api/", "--api-key", "k");
        Assert.True(run.Code == 1, run.ToString());
        Assert.Equal([$"skyhedge: GET {server.Address}/api/services/llm/replicas answered 502 Bad Gateway: <html> <body>upstream down</body> </html>"], run.ErrLines);
    }

    public void Dispose() => _temp.Dispose();

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
