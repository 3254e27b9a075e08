using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace WorkPipelines.Domain.Data;

/// <summary>Stores instants as UTC ticks (sortable integers); reads them back as UTC.</summary>
public sealed class DateTimeOffsetToUtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
