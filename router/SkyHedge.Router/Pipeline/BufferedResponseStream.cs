namespace SkyHedge.Router.Pipeline;

/// <summary>
/// Stands in for the response body of a non-streamed request: holds what the replica sends, up to a limit, so a
/// replica that dies mid-answer leaves nothing on the wire and the try can be retried elsewhere. Past the limit it
/// writes what it holds and passes the rest straight through (from then on the response is committed).
/// </summary>
internal sealed class BufferedResponseStream(Stream inner, int limit) : Stream
{
    private MemoryStream? _held; // created on the first write: most answers are one or two writes

    /// <summary>True once bytes have gone to the client: the try can no longer be retried.</summary>
    public bool Committed { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Drops what a failed try wrote.</summary>
    public void Reset()
    {
        if (Committed)
        {
            throw new InvalidOperationException("The response is already on its way to the client.");
        }

        _held = null;
    }

    /// <summary>Sends what is held (after the last try).</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (!Committed)
        {
            Committed = true;
            if (_held is { Length: > 0 })
            {
                await inner.WriteAsync(_held.GetBuffer().AsMemory(0, (int)_held.Length), cancellationToken).ConfigureAwait(false);
            }

            _held = null;
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!Committed && (_held?.Length ?? 0) + buffer.Length <= limit)
        {
            (_held ??= new MemoryStream(buffer.Length)).Write(buffer.Span);
            return;
        }

        await CommitAsync(cancellationToken).ConfigureAwait(false);
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Synchronous writes are not allowed.");

    // Flushing before the answer is complete would send the headers and commit the response: only pass it on once committed.
    public override Task FlushAsync(CancellationToken cancellationToken) => Committed ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
