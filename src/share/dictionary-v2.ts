/**
 * The preset DEFLATE dictionary of share-link format v2 (RFC 1951 section 3.2.2 lets a
 * compressor refer back 32 KiB; a preset dictionary is text both sides agree to pretend came
 * before the data, as zlib's deflateSetDictionary does, RFC 1950 section 2.2 FDICT).
 *
 * !!! NEVER CHANGE THIS TEXT, NOT EVEN A SPACE. !!!
 * It is part of format v2: every v2 link ever made refers to its bytes by distance, so changing
 * it silently changes (or breaks) every v2 link (the checksum covers the compressed bytes, not
 * the dictionary). A better dictionary is format v3: copy this file to dictionary-v3.ts and add
 * a v3 entry to FORMATS in codec.ts, keeping v2's decoder. codec.test.ts pins its SHA-256.
 *
 * What it holds: typical Kubernetes YAML (the shapes of the Kubernetes documentation's examples:
 * Service of every type, Endpoints, EndpointSlice, Deployment, Pod, Ingress in networking.k8s.io/v1
 * and the legacy v1beta1 with serviceName/servicePort) and the JSON keys of the link's header.
 * It names no object of svcscope's own scenarios (no "random-generator", none of the seed's
 * addresses), so it favours Kubernetes YAML in general, not the built-in examples. DEFLATE
 * codes short distances in fewer bits, so the most frequent text comes last: the Service and
 * its ports, then the header keys (the header starts the compressed text).
 */

/** The dictionary's text (ASCII only, so its UTF-8 bytes are its characters). */
export const V2_DICTIONARY_TEXT = `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: example-abc
  labels:
    kubernetes.io/service-name: example
addressType: IPv4
ports:
  - name: http
    protocol: TCP
    port: 80
endpoints:
  - addresses:
      - "10.1.2.3"
    conditions:
      ready: true
    nodeName: node-1
    zone: us-west2-a
---
apiVersion: v1
kind: Namespace
metadata:
  name: production
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  key: value
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 2
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  namespace: kube-system
---
apiVersion: v1
kind: Pod
metadata:
  name: client
  namespace: default
  labels:
    app: client
spec:
  containers:
  - name: shell
    image: busybox:1.36
    command: ["sleep", "infinity"]
    env:
    - name: NAME
      value: value
    livenessProbe:
      tcpSocket:
        port: 8080
      initialDelaySeconds: 5
      periodSeconds: 10
  nodeName: node-1
  restartPolicy: Always
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  ingressClassName: nginx
  tls:
  - hosts:
    - www.example.com
    secretName: tls-secret
  defaultBackend:
    service:
      name: web
      port:
        number: 80
  rules:
  - host: www.example.com
    http:
      paths:
      - path: /api
        pathType: Prefix
        pathType: Exact
        backend:
          service:
            name: web
            port:
              number: 8080
              name: http
---
apiVersion: extensions/v1beta1
apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: web
spec:
  backend:
    serviceName: web
    servicePort: 80
  rules:
  - http:
      paths:
      - path: /
        backend:
          serviceName: web
          servicePort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
        ports:
        - containerPort: 8080
          name: http
          protocol: TCP
        readinessProbe:
          httpGet:
            path: /healthz
            port: 8080
---
apiVersion: v1
kind: Endpoints
metadata:
  name: external
subsets:
  - addresses:
    - ip: 10.0.0.1
    ports:
    - port: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: default
spec:
  type: ExternalName
  externalName: db.example.com
  type: LoadBalancer
  loadBalancerIP: 
  externalTrafficPolicy: Local
  sessionAffinity: ClientIP
  clusterIP: None
  clusterIP: 10.96.0.10
status:
  loadBalancer:
    ingress:
    - ip: 
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: ClusterIP
  type: NodePort
  selector:
    app: web
  ports:
  - name: http
    protocol: TCP
    port: 80
    targetPort: 8080
    nodePort: 30080
    protocol: TCP
---
{"options":{"nodes":3,"seed":1,"ingressController":"NodePort"},"actions":[{"type":"apply","yaml":""},{"type":"delete","kind":"Endpoints","name":"","namespace":"default"},{"type":"restartPod","pod":""},{"type":"setNodeReady","node":"","ready":false},{"type":"setPodReady","pod":"","ready":true}],"view":{"layout":"graph+editor","selected":"Service/default/"},"request":{"from":{"external":"203.0.113.10"},"to":{"ping":"10.96.0.1"},"protocol":"UDP","sourcePort":40000,"host":"www.example.com"}}
{"scenarioId":"","step":0,"request":{"from":{"pod":"client"},"to":"http://
`;

export const V2_DICTIONARY: Uint8Array = new TextEncoder().encode(V2_DICTIONARY_TEXT);
