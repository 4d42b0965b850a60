using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SkyHedge.Router.Tests.Reliability;

/// <summary>
/// A replica address served by a bare TCP listener on a free loopback port: it reads each request (headers and
/// body) and then misbehaves as <see cref="BadReplicaMode"/> says. Raw sockets because Kestrel cannot be made to
/// send broken HTTP. Disposing closes the listener and every connection it still holds, so nothing outlives a test.
/// </summary>
internal sealed class RawTcpReplica : IAsyncDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] ChunkedEnd = "0\r\n\r\n"u8.ToArray();
    private static readonly byte[] PartialAnswer = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"object\":\"text_completion\",\"cho");

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();
    private readonly BadReplicaMode _mode;
    private Task _accepting = Task.CompletedTask;
    private int _requests;

    private RawTcpReplica(string id, BadReplicaMode mode)
    {
        Id = id;
        _mode = mode;
    }

    public string Id { get; }

    public string Token { get; } = "tok-" + Guid.NewGuid().ToString("N");

    public string Address { get; private set; } = string.Empty;

    /// <summary>Requests read in full (each then got the bad treatment).</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static RawTcpReplica Start(string id, BadReplicaMode mode)
    {
        var replica = new RawTcpReplica(id, mode);
        replica._listener.Start();
        replica.Address = $"http://127.0.0.1:{((IPEndPoint)replica._listener.LocalEndpoint).Port}";
        replica._accepting = replica.AcceptAsync();
        return replica;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        foreach (var socket in _connections.Keys)
        {
            socket.Dispose();
        }

        await Task.WhenAll(_connections.Values);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            // Registered before it runs so DisposeAsync always sees (and closes) it; an entry left behind by a
            // connection that ended at once only holds a finished task and a disposed socket.
            _connections[socket] = Task.CompletedTask;
            _connections[socket] = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            if (!await ReadRequestAsync(stream))
            {
                return;
            }

            Interlocked.Increment(ref _requests);
            switch (_mode)
            {
                case BadReplicaMode.Hang:
                    await WaitForPeerCloseAsync(stream);
                    break;
                case BadReplicaMode.NotHttp:
                    await stream.WriteAsync("SSH-2.0-OpenSSH_9.6\r\nthis is not an HTTP answer\r\n\r\n"u8.ToArray(), _stop.Token);
                    socket.Shutdown(SocketShutdown.Both);
                    break;
                case BadReplicaMode.TruncatedBody:
                    await stream.WriteAsync(PartialAnswer, _stop.Token);
                    socket.Shutdown(SocketShutdown.Both);
                    break;
                case BadReplicaMode.StallMidBody:
                    await stream.WriteAsync(PartialAnswer, _stop.Token);
                    await WaitForPeerCloseAsync(stream);
                    break;
                case BadReplicaMode.Reset:
                    socket.LingerState = new LingerOption(true, 0); // closing now sends RST, not FIN
                    break;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The router gave up on the connection, or the test is over: both are how a bad replica's story ends.
        }
        finally
        {
            socket.Dispose();
            _connections.TryRemove(socket, out _);
        }
    }

    // Reads one request: headers, then a Content-Length or chunked body. False when the peer closed first.
    private async Task<bool> ReadRequestAsync(NetworkStream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int? bodyStart = null;
        while (true)
        {
            var n = await stream.ReadAsync(buffer, _stop.Token);
            if (n == 0)
            {
                return false;
            }

            received.Write(buffer, 0, n);
            var bytes = received.GetBuffer().AsSpan(0, (int)received.Length);
            bodyStart ??= bytes.IndexOf(HeaderEnd) is var end and >= 0 ? end + HeaderEnd.Length : null;
            if (bodyStart is not { } start)
            {
                continue;
            }

            var headers = Encoding.ASCII.GetString(bytes[..start]);
            var length = headers.Split("\r\n").Select(l => l.Split(':', 2)).FirstOrDefault(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase));
            var complete = length is not null
                ? bytes.Length - start >= int.Parse(length[1].Trim(), CultureInfo.InvariantCulture)
                : !headers.Contains("chunked", StringComparison.OrdinalIgnoreCase) || bytes[start..].EndsWith(ChunkedEnd);
            if (complete)
            {
                return true;
            }
        }
    }

    private async Task WaitForPeerCloseAsync(NetworkStream stream)
    {
        var buffer = new byte[256];
        while (await stream.ReadAsync(buffer, _stop.Token) > 0)
        {
        }
    }
}
