using LogPlatform.Shipping.Checkpoints;

namespace LogPlatform.Shipping.Tests.Checkpoints;

public sealed class CheckpointStoreTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ship-state-");
    private string StatePath => Path.Combine(_directory.FullName, "sub", "state.json");

    [Fact]
    public void Saved_offsets_are_read_back_by_a_new_store()
    {
        var store = new CheckpointStore(StatePath);
        store.Save(new FileCheckpoint("web", "abc", "/var/log/a.log", 1234, Generation: 2, PendingEnd: 2000));
        store.Save(new FileCheckpoint("web", "def", "/var/log/b.log", 10));
        store.Save(new FileCheckpoint("web", "abc", "/var/log/a.log.1", 2000, Generation: 2));

        var reopened = new CheckpointStore(StatePath);
        Assert.Equal(new FileCheckpoint("web", "abc", "/var/log/a.log.1", 2000, 2), reopened.Find("web", "abc"));
        Assert.Equal(10, reopened.Find("web", "def")!.Offset);
        Assert.Null(reopened.Find("other", "abc"));
        Assert.Equal(2, reopened.All().Count);
    }

    [Fact]
    public void The_shipper_id_is_kept_by_its_state_file_and_differs_between_state_files()
    {
        var store = new CheckpointStore(StatePath);
        store.Save(new FileCheckpoint("web", "abc", "/a", 1));
        Assert.Matches("^[0-9a-f]{16}$", store.ShipperId);
        Assert.Equal(store.ShipperId, new CheckpointStore(StatePath).ShipperId);
        Assert.NotEqual(store.ShipperId, new CheckpointStore(Path.Combine(_directory.FullName, "other.json")).ShipperId);
    }

    [Fact]
    public void A_forgotten_file_is_gone_after_a_restart()
    {
        var store = new CheckpointStore(StatePath);
        store.Save(new FileCheckpoint("web", "abc", "/a", 1));
        store.Forget("web", "abc");
        Assert.Null(new CheckpointStore(StatePath).Find("web", "abc"));
    }

    [Fact]
    public void The_write_leaves_no_temporary_file_and_a_corrupt_state_is_refused_with_its_path()
    {
        var store = new CheckpointStore(StatePath);
        store.Save(new FileCheckpoint("web", "abc", "/a", 1));
        Assert.Equal(["state.json"], Directory.GetFiles(Path.GetDirectoryName(StatePath)!).Select(Path.GetFileName));

        File.WriteAllText(StatePath, "{ not json");
        var error = Assert.Throws<InvalidDataException>(() => new CheckpointStore(StatePath));
        Assert.Contains(StatePath, error.Message);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
