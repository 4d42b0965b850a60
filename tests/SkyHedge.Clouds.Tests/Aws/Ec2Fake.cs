using System.Collections.Concurrent;
using System.Security;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SkyHedge.Clouds.Tests.Aws;

/// <summary>
/// A loopback stand-in for EC2's Query API (form-encoded POST, XML answers in the 2016-11-15 namespace) with the
/// calls the adapter makes: RunInstances (idempotent on ClientToken), DescribeInstances (instance ids, tag and state
/// filters), TerminateInstances (unknown ids are InvalidInstanceID.NotFound, as EC2's). Every request's form is
/// recorded; <see cref="FailNext"/> queues EC2-shaped errors.
/// </summary>
internal sealed class Ec2Fake : IAsyncDisposable
{
    private const string Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakeInstance> _instances = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Action, int Status, string Code)> _faults = new();
    private readonly ConcurrentDictionary<string, string> _noCapacity = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Id, string Vpc, HashSet<string> Rules)> _groups = new(StringComparer.Ordinal);
    private int _sequence;

    private Ec2Fake(WebApplication app) => _app = app;

    public Uri Url => new(_app.Urls.First() + "/");

    /// <summary>Every request, as its form fields.</summary>
    public ConcurrentQueue<Dictionary<string, string>> Requests { get; } = new();

    public IEnumerable<FakeInstance> Instances => _instances.Values;

    public static async Task<Ec2Fake> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new Ec2Fake(app);
        app.MapPost("/", fake.HandleAsync);
        await app.StartAsync();
        return fake;
    }

    /// <summary>The next <paramref name="times"/> calls of <paramref name="action"/> fail with EC2's error
    /// document for <paramref name="code"/> at HTTP <paramref name="status"/>.</summary>
    public void FailNext(string action, string code, int status = 400, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _faults.Enqueue((action, status, code));
        }
    }

    /// <summary>Every RunInstances into <paramref name="subnet"/> fails with <paramref name="code"/> (HTTP 500, as
    /// EC2 returns its capacity errors).</summary>
    public void NoCapacityIn(string subnet, string code = "InsufficientInstanceCapacity") => _noCapacity[subnet] = code;

    /// <summary>Marks an instance as EC2 shows a reclaimed spot instance.</summary>
    public void Reclaim(string id)
    {
        var i = _instances[id];
        i.State = "terminated";
        i.StateReason = "Server.SpotInstanceTermination";
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var form = (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        Requests.Enqueue(form);
        var action = form.GetValueOrDefault("Action", string.Empty);
        if (_faults.TryPeek(out var fault) && fault.Action == action && _faults.TryDequeue(out fault))
        {
            await WriteAsync(context, fault.Status, $"<Response><Errors><Error><Code>{fault.Code}</Code><Message>{fault.Code}: injected by the fake</Message></Error></Errors><RequestID>req-{Guid.NewGuid():N}</RequestID></Response>");
            return;
        }

        if (action == "RunInstances" && _noCapacity.TryGetValue(form.GetValueOrDefault("SubnetId", string.Empty), out var refusal))
        {
            await WriteAsync(context, 500, $"<Response><Errors><Error><Code>{refusal}</Code><Message>We currently do not have sufficient capacity in the Availability Zone you requested.</Message></Error></Errors><RequestID>req-{Guid.NewGuid():N}</RequestID></Response>");
            return;
        }

        var (status, xml) = action switch
        {
            "RunInstances" => Run(form),
            "DescribeInstances" => Describe(form),
            "TerminateInstances" => Terminate(form),
            "CreateSecurityGroup" => CreateGroup(form),
            "DescribeSecurityGroups" => DescribeGroups(form),
            "AuthorizeSecurityGroupIngress" => Authorize(form),
            "DescribeAvailabilityZones" => (200, Envelope("DescribeAvailabilityZonesResponse", $"<availabilityZoneInfo>{string.Concat(ZoneIds.Select(z => $"<item><zoneName>{z.Key}</zoneName><zoneState>available</zoneState><regionName>us-east-1</regionName><zoneId>{z.Value}</zoneId></item>"))}</availabilityZoneInfo>")),
            "DescribeSpotPriceHistory" => PriceHistory(form),
            _ => (400, $"<Response><Errors><Error><Code>InvalidAction</Code><Message>{action}</Message></Error></Errors><RequestID>x</RequestID></Response>"),
        };
        await WriteAsync(context, status, xml);
    }

    private (int, string) Run(Dictionary<string, string> form)
    {
        var token = form.GetValueOrDefault("ClientToken", string.Empty);
        if (token.Length > 0 && _tokens.TryGetValue(token, out var existing))
        {
            return (200, Envelope("RunInstancesResponse", $"<reservationId>r-1</reservationId><ownerId>123456789012</ownerId><instancesSet>{Item(_instances[existing])}</instancesSet>"));
        }

        var n = Interlocked.Increment(ref _sequence);
        var instance = new FakeInstance
        {
            Id = $"i-{n:x17}",
            Type = form["InstanceType"],
            Spot = form.GetValueOrDefault("InstanceMarketOptions.MarketType") == "spot",
            Ip = $"10.0.0.{n}",
            Tags = Enumerable.Range(1, 20)
                .Where(k => form.ContainsKey($"TagSpecification.1.Tag.{k}.Key"))
                .ToDictionary(k => form[$"TagSpecification.1.Tag.{k}.Key"], k => form[$"TagSpecification.1.Tag.{k}.Value"]),
        };
        _instances[instance.Id] = instance;
        if (token.Length > 0)
        {
            _tokens[token] = instance.Id;
        }

        return (200, Envelope("RunInstancesResponse", $"<reservationId>r-1</reservationId><ownerId>123456789012</ownerId><instancesSet>{Item(instance)}</instancesSet>"));
    }

    private (int, string) Describe(Dictionary<string, string> form)
    {
        var ids = form.Where(f => f.Key.StartsWith("InstanceId.", StringComparison.Ordinal)).Select(f => f.Value).ToList();
        if (ids.FirstOrDefault(id => !_instances.ContainsKey(id)) is { } unknown)
        {
            return (400, $"<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>The instance ID '{unknown}' does not exist</Message></Error></Errors><RequestID>x</RequestID></Response>");
        }

        IEnumerable<FakeInstance> found = ids.Count > 0 ? ids.Select(id => _instances[id]) : _instances.Values.OrderBy(i => i.Id, StringComparer.Ordinal);
        for (var f = 1; form.TryGetValue($"Filter.{f}.Name", out var name); f++)
        {
            var values = form.Where(v => v.Key.StartsWith($"Filter.{f}.Value.", StringComparison.Ordinal)).Select(v => v.Value).ToHashSet(StringComparer.Ordinal);
            found = name switch
            {
                "instance-state-name" => found.Where(i => values.Contains(i.State)),
                "tag-key" => found.Where(i => i.Tags.Keys.Any(values.Contains)),
                _ when name.StartsWith("tag:", StringComparison.Ordinal) => found.Where(i => i.Tags.TryGetValue(name[4..], out var v) && values.Contains(v)),
                _ => found,
            };
        }

        var items = string.Concat(found.Select(Item));
        return (200, Envelope("DescribeInstancesResponse", $"<reservationSet><item><reservationId>r-1</reservationId><ownerId>123456789012</ownerId><instancesSet>{items}</instancesSet></item></reservationSet>"));
    }

    private (int, string) Terminate(Dictionary<string, string> form)
    {
        var ids = form.Where(f => f.Key.StartsWith("InstanceId.", StringComparison.Ordinal)).Select(f => f.Value).ToList();
        if (ids.FirstOrDefault(id => !_instances.ContainsKey(id)) is { } unknown)
        {
            return (400, $"<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>The instance ID '{unknown}' does not exist</Message></Error></Errors><RequestID>x</RequestID></Response>");
        }

        var items = new StringBuilder();
        foreach (var id in ids)
        {
            var i = _instances[id];
            var previous = i.State;
            i.State = i.State == "terminated" ? "terminated" : "shutting-down";
            items.Append($"<item><instanceId>{id}</instanceId><currentState><code>32</code><name>{i.State}</name></currentState><previousState><code>16</code><name>{previous}</name></previousState></item>");
        }

        return (200, Envelope("TerminateInstancesResponse", $"<instancesSet>{items}</instancesSet>"));
    }

    /// <summary>us-east-1's zone names and ids as one account sees them (names map to ids differently per account).</summary>
    public static readonly IReadOnlyDictionary<string, string> ZoneIds = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["us-east-1a"] = "use1-az2",
        ["us-east-1b"] = "use1-az1",
        ["us-east-1c"] = "use1-az4",
    };

    /// <summary>Spot price history items (instance type, zone name, price, time), served for the instance types and
    /// product descriptions asked, two per page so the adapter must follow <c>nextToken</c>.</summary>
    public ConcurrentQueue<(string Type, string Zone, decimal Price, DateTime At)> SpotPrices { get; } = new();

    private (int, string) PriceHistory(Dictionary<string, string> form)
    {
        var types = form.Where(f => f.Key.StartsWith("InstanceType.", StringComparison.Ordinal)).Select(f => f.Value).ToHashSet(StringComparer.Ordinal);
        var products = form.Where(f => f.Key.StartsWith("ProductDescription.", StringComparison.Ordinal)).Select(f => f.Value).ToList();
        var all = products.SequenceEqual(["Linux/UNIX"]) ? SpotPrices.Where(p => types.Contains(p.Type)).ToList() : [];
        var start = int.Parse(form.GetValueOrDefault("NextToken", "0"), System.Globalization.CultureInfo.InvariantCulture);
        var page = all.Skip(start).Take(2).Select(p =>
            $"<item><instanceType>{p.Type}</instanceType><productDescription>Linux/UNIX</productDescription><spotPrice>{p.Price.ToString(System.Globalization.CultureInfo.InvariantCulture)}</spotPrice><timestamp>{p.At:yyyy-MM-ddTHH:mm:ss.fffZ}</timestamp><availabilityZone>{p.Zone}</availabilityZone></item>");
        var next = start + 2 < all.Count ? $"<nextToken>{start + 2}</nextToken>" : string.Empty;
        return (200, Envelope("DescribeSpotPriceHistoryResponse", $"<spotPriceHistorySet>{string.Concat(page)}</spotPriceHistorySet>{next}"));
    }

    /// <summary>Ingress rules per security group name, as <c>tcp:PORT:CIDR</c>.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> GroupRules => _groups.ToDictionary(g => g.Key, g => g.Value.Rules, StringComparer.Ordinal);

    private (int, string) CreateGroup(Dictionary<string, string> form)
    {
        var name = form["GroupName"];
        if (_groups.ContainsKey(name))
        {
            return (400, $"<Response><Errors><Error><Code>InvalidGroup.Duplicate</Code><Message>The security group '{name}' already exists for VPC '{form["VpcId"]}'</Message></Error></Errors><RequestID>x</RequestID></Response>");
        }

        var id = $"sg-{Interlocked.Increment(ref _sequence):x17}";
        _groups[name] = (id, form["VpcId"], []);
        return (200, Envelope("CreateSecurityGroupResponse", $"<return>true</return><groupId>{id}</groupId>"));
    }

    private (int, string) DescribeGroups(Dictionary<string, string> form)
    {
        var name = form.First(f => f.Key.StartsWith("Filter.", StringComparison.Ordinal) && f.Value == "group-name").Key.Replace(".Name", ".Value.1", StringComparison.Ordinal);
        var items = _groups.TryGetValue(form[name], out var g)
            ? $"<item><ownerId>123456789012</ownerId><groupId>{g.Id}</groupId><groupName>{form[name]}</groupName><vpcId>{g.Vpc}</vpcId></item>"
            : string.Empty;
        return (200, Envelope("DescribeSecurityGroupsResponse", $"<securityGroupInfo>{items}</securityGroupInfo>"));
    }

    private (int, string) Authorize(Dictionary<string, string> form)
    {
        var group = _groups.First(g => g.Value.Id == form["GroupId"]);
        var rules = Enumerable.Range(1, 10).Where(i => form.ContainsKey($"IpPermissions.1.IpRanges.{i}.CidrIp"))
            .Select(i => $"{form["IpPermissions.1.IpProtocol"]}:{form["IpPermissions.1.FromPort"]}-{form["IpPermissions.1.ToPort"]}:{form[$"IpPermissions.1.IpRanges.{i}.CidrIp"]}")
            .ToList();
        if (rules.Count > 0 && rules.All(group.Value.Rules.Contains))
        {
            return (400, "<Response><Errors><Error><Code>InvalidPermission.Duplicate</Code><Message>the specified rule already exists</Message></Error></Errors><RequestID>x</RequestID></Response>");
        }

        group.Value.Rules.UnionWith(rules);
        return (200, Envelope("AuthorizeSecurityGroupIngressResponse", "<return>true</return>"));
    }

    private static string Item(FakeInstance i)
    {
        var tags = string.Concat(i.Tags.Select(t => $"<item><key>{SecurityElement.Escape(t.Key)}</key><value>{SecurityElement.Escape(t.Value)}</value></item>"));
        var reason = i.StateReason is null ? string.Empty : $"<stateReason><code>{i.StateReason}</code><message>{i.StateReason}: Spot instance termination</message></stateReason>";
        return $"<item><instanceId>{i.Id}</instanceId><imageId>ami-0123456789abcdef0</imageId><instanceState><code>0</code><name>{i.State}</name></instanceState>"
            + $"<privateIpAddress>{i.Ip}</privateIpAddress><instanceType>{i.Type}</instanceType><launchTime>2025-01-01T00:00:00.000Z</launchTime>"
            + $"<placement><availabilityZone>us-east-1a</availabilityZone><tenancy>default</tenancy></placement>"
            + (i.Spot ? "<instanceLifecycle>spot</instanceLifecycle>" : string.Empty)
            + $"{reason}<tagSet>{tags}</tagSet></item>";
    }

    private static string Envelope(string name, string body) => $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><{name} xmlns=\"{Ns}\"><requestId>{Guid.NewGuid()}</requestId>{body}</{name}>";

    private static async Task WriteAsync(HttpContext context, int status, string xml)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml;charset=UTF-8";
        await context.Response.WriteAsync(xml);
    }

    internal sealed class FakeInstance
    {
        public required string Id { get; init; }

        public required string Type { get; init; }

        public required bool Spot { get; init; }

        public required string Ip { get; init; }

        public required Dictionary<string, string> Tags { get; init; }

        public string State { get; set; } = "pending";

        public string? StateReason { get; set; }
    }
}
