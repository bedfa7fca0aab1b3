namespace UnixDatagram.Packaging.Tests;

/// <summary>One pack for every packaging test, and none of them in parallel with another (they share the feed).</summary>
[CollectionDefinition(nameof(PackageFeedTests))]
public sealed class PackageFeedTests : ICollectionFixture<PackedFeed>;
