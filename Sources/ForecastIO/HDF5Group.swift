/// The content of an HDF5 group as ``HDF5Writer`` writes it: attributes, dimensions, variables and
/// child groups, in the netCDF-4 data model (so xarray opens it, and `xarray.open_dataset(path,
/// engine="h5netcdf", group="name")` opens a child group).
///
/// Variables in a child group may use dimensions declared in any enclosing group.
///
/// ```swift
/// let root = HDF5Group(attributes: ["title": "forecast backtest"],
///                      dimensions: [.labels("model", ["lstm", "naive"]),
///                                   .time(origins, name: "origin"),
///                                   .integers("step", [1, 2, 3])],
///                      variables: [HDF5Variable(name: "prediction",
///                                               dimensions: ["model", "origin", "step"],
///                                               values: .float64(values))])
/// try HDF5Writer.write(root, to: "backtest.h5")
/// ```
public struct HDF5Group: Sendable, Equatable {
    /// Link name of the group; ignored for the root group given to ``HDF5Writer/write(_:to:)``.
    public var name: String
    /// Attributes of the group (root attributes appear in xarray's `ds.attrs`).
    public var attributes: [String: HDF5AttributeValue]
    /// Dimensions declared in this group, written first.
    public var dimensions: [HDF5Dimension]
    /// Data variables, written in this order (readers that track creation order list them so).
    public var variables: [HDF5Variable]
    /// Child groups.
    public var groups: [HDF5Group]

    public init(name: String = "/", attributes: [String: HDF5AttributeValue] = [:],
                dimensions: [HDF5Dimension] = [], variables: [HDF5Variable] = [],
                groups: [HDF5Group] = []) {
        self.name = name
        self.attributes = attributes
        self.dimensions = dimensions
        self.variables = variables
        self.groups = groups
    }
}
