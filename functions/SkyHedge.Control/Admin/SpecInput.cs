using SkyHedge.Core.Spec;

namespace SkyHedge.Control.Admin;

/// <summary>A submitted spec that passed validation: the text to store (as submitted) and what it says.</summary>
/// <param name="File">The name errors and positions refer to (<c>spec.yaml</c> or <c>spec.json</c>).</param>
internal sealed record SpecInput(string Yaml, ServiceSpec Spec, string File);
