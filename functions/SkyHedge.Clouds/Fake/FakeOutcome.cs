namespace SkyHedge.Clouds.Fake;

/// <summary>What an operation returns from inside the store: a value or the error to throw once the state (with its
/// call counts and any effect of a lost response) has been kept.</summary>
internal readonly record struct FakeOutcome<T>(T Value, Exception? Error)
{
    public static FakeOutcome<T> Ok(T value) => new(value, null);

    public static FakeOutcome<T> Fail(Exception error) => new(default!, error);

    public T GetOrThrow() => Error is null ? Value : throw Error;
}
