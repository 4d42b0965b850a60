namespace SkyHedge.Control.Admin;

/// <summary>One problem in submitted input, at a 1-based line and column: what the spec parser reports, or where a
/// JSON body stops being JSON.</summary>
internal sealed record InputError(string File, int Line, int Column, string Message);
