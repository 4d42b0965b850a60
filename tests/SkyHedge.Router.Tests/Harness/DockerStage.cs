namespace SkyHedge.Router.Tests.Harness;

/// <summary>A build stage: <c>FROM image [AS name]</c> and the instructions up to the next <c>FROM</c>.</summary>
internal sealed record DockerStage(int Index, int Line, string Image, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    /// <summary>The image reference split into repository, tag and digest (<c>repo[:tag][@sha256:…]</c>).</summary>
    public (string Repository, string? Tag, string? Digest) ImageParts()
    {
        var at = Image.IndexOf('@', StringComparison.Ordinal);
        var digest = at < 0 ? null : Image[(at + 1)..];
        var reference = at < 0 ? Image : Image[..at];

        // A ':' after the last '/' is the tag's; one before it belongs to a registry host's port.
        var colon = reference.LastIndexOf(':');
        return colon > reference.LastIndexOf('/')
            ? (reference[..colon], reference[(colon + 1)..], digest)
            : (reference, null, digest);
    }
}
