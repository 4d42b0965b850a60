using System.Text.Json.Nodes;
using SkyHedge.Control.Admin;

namespace SkyHedge.Control.Tests.Admin;

public sealed class SpecJsonTests
{
    [Fact]
    public void Plain_scalars_are_typed_and_quoted_ones_stay_strings()
    {
        var json = SpecJson.From("""
            name: "8080"
            count: 3
            rate: 2.5
            spot: true
            none: ~
            empty:
            text: hello world
            list: [1, "2", x]
            nested: {a: {b: false}}
            block: |
              line one
            after: 1
            """)!;

        Assert.Equal(
            """{"name":"8080","count":3,"rate":2.5,"spot":true,"none":null,"empty":null,"text":"hello world","list":[1,"2","x"],"nested":{"a":{"b":false}},"block":"line one\n","after":1}""",
            json.ToJsonString());
    }

    [Fact]
    public void Text_that_is_not_YAML_gives_null()
    {
        Assert.Null(SpecJson.From("a: [unclosed"));
        Assert.Null(SpecJson.From(string.Empty));
        Assert.IsType<JsonObject>(SpecJson.From("{\"name\": \"x\"}"));
    }
}
